/** Reads configured fields from HTML (CSS or label-anchored) or JSON rows, then refines them. */
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';

import { labelValue, textOf } from '../../src/parse/html.js';
import { isRecord } from '../shared/json-body.js';
import type { FieldSpec } from './options.js';

const TOKENS: Readonly<Record<string, string>> = { YYYY: '\\d{4}', MM: '\\d{1,2}', DD: '\\d{1,2}', HH: '\\d{1,2}', mm: '\\d{2}', ss: '\\d{2}' };

/** `YYYY-MM-DD HH:mm` → a regex finding such a date inside longer text (反映时间：2019-01-02 10:00). */
export function dateFormatRegex(format: string): RegExp {
  const escaped = format.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(escaped.replace(/YYYY|MM|DD|HH|mm|ss/g, (t) => TOKENS[t] ?? t).replace(/ /g, '\\s+'));
}

/** The first configured date format found in `raw`, else `raw` unchanged (normalize decides). */
export function cutDate(raw: string | null, formats: readonly string[]): string | null {
  if (raw === null) return null;
  for (const format of formats) {
    const m = dateFormatRegex(format).exec(raw);
    if (m) return m[0];
  }
  return raw;
}

/** strip → regex → map → trim; blank becomes null so "empty cell" and "no cell" read alike. */
export function refine(raw: string | null | undefined, spec: FieldSpec): string | null {
  if (raw === null || raw === undefined) return null;
  let value = raw.trim();
  if ('strip' in spec && spec.strip && value.startsWith(spec.strip)) value = value.slice(spec.strip.length).trim();
  if ('regex' in spec && spec.regex) {
    const m = new RegExp(spec.regex).exec(value);
    if (!m) return null;
    value = (m[1] ?? m[0]).trim();
  }
  if ('map' in spec && spec.map) value = spec.map[value] ?? value;
  return value === '' ? null : value;
}

/** One field from HTML: label-anchored, or CSS (text or attribute), relative to `root`. */
export function htmlField($: CheerioAPI, spec: FieldSpec, root?: Cheerio<AnyNode>): string | null {
  if ('label' in spec && spec.label) return refine(labelValue($, spec.label, root), spec);
  if (!spec.sel) return root === undefined ? null : refine(textOf(root), spec);
  const el = (root === undefined ? $(spec.sel) : root.find(spec.sel)).first();
  if (el.length === 0) return null;
  const attr = 'attr' in spec ? spec.attr : undefined;
  return refine(attr ? (el.attr(attr) ?? null) : textOf(el), spec);
}

/** One field from a JSON row by dotted key; booleans and numbers become strings. */
export function jsonField(row: Record<string, unknown>, spec: FieldSpec): string | null {
  if (!spec.sel) return null;
  let cur: unknown = row;
  for (const key of spec.sel.split('.')) cur = isRecord(cur) ? cur[key] : undefined;
  if (typeof cur === 'string') return refine(cur, spec);
  if (typeof cur === 'number' || typeof cur === 'boolean') return refine(String(cur), spec);
  return null;
}

/** Describes a spec for error messages (never the page content). */
export function describe(spec: FieldSpec): string {
  if ('label' in spec && spec.label) return `label ${spec.label}`;
  return spec.sel ?? '(row)';
}
