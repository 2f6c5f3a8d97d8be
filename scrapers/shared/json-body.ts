/**
 * Strict JSON body access for the JSON-API sources. Belongs in src/parse (json.ts) once that
 * file is opened to this module's owner; kept here so that scrapers/ stays self-contained.
 */
import { ParseError, RateLimitedError } from '../../src/shared/errors.js';
import type { FetchedPage } from '../../src/shared/types.js';

/** A JSON object from the page body; an empty 200 body is throttling (liuyan generation C). */
export function jsonBody(page: FetchedPage): Record<string, unknown> {
  const text = page.text.trim();
  if (text === '') throw new RateLimitedError('empty body (throttled)', { code: 'ERR_EMPTY_BODY', details: { url: page.url } });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ParseError('body is not JSON', { cause, code: 'ERR_PARSE_SHAPE', details: { url: page.url } });
  }
  if (!isRecord(value)) throw new ParseError('JSON body is not an object', { code: 'ERR_PARSE_SHAPE', details: { url: page.url } });
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `obj.a.b…` as an array, or ParseError naming the path: an absent list is a changed API, not an empty page. */
export function requireArray(obj: Record<string, unknown>, path: string, url: string): unknown[] {
  let cur: unknown = obj;
  for (const key of path.split('.')) cur = isRecord(cur) ? cur[key] : undefined;
  if (!Array.isArray(cur)) throw new ParseError(`required array missing: ${path}`, { details: { path, url } });
  return cur;
}

/** A scalar JSON value as string (numbers too), or null for null/absent/blank. */
export function str(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** A finite number from a number or numeric string, else null. */
export function num(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return null;
}

/** A required id field (tid, id …) as a string; ParseError when absent. */
export function requireId(row: unknown, key: string, url: string): string {
  const id = isRecord(row) ? str(row[key]) : null;
  if (id === null) throw new ParseError(`row without ${key}`, { details: { key, url } });
  return id;
}
