/**
 * Request and response bodies for the HTTP fetcher: encoding form/JSON payloads, and reading
 * a response body under a byte cap so a runaway page cannot exhaust memory.
 */
import { ParseError, type PipelineError } from '../shared/errors.js';
import { safeUrl } from './fetch-logger.js';

/** A request payload and the Content-Type it implies. */
export interface EncodedBody {
  payload: string;
  contentType: string | undefined;
}

/** The body fields of a request; at most one is set. */
export interface BodyFields {
  form?: Record<string, string> | undefined;
  json?: unknown;
  body?: string | undefined;
}

/** Encodes a request body; liuyan's list API wants a UTF-8 form post. */
export function encodeBody(request: BodyFields): EncodedBody | undefined {
  if (request.form !== undefined) {
    return {
      payload: new URLSearchParams(request.form).toString(),
      contentType: 'application/x-www-form-urlencoded; charset=UTF-8',
    };
  }
  if (request.json !== undefined) {
    return { payload: JSON.stringify(request.json), contentType: 'application/json' };
  }
  if (request.body !== undefined) return { payload: request.body, contentType: undefined };
  return undefined;
}

/**
 * Reads a body up to `maxBytes` of decompressed bytes, cancelling the stream past it. A
 * Content-Length over the cap fails before reading (only when not compressed, since undici
 * decompresses and the header then counts compressed bytes).
 */
export async function readCapped(
  response: Response,
  maxBytes: number,
  url: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  const isCompressed = response.headers.get('content-encoding') !== null;
  if (Number.isFinite(declared) && declared > maxBytes && !isCompressed) {
    await response.body?.cancel();
    throw tooLarge(url, maxBytes, declared);
  }
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(url, maxBytes, total);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function tooLarge(url: string, maxBytes: number, seen: number): PipelineError {
  // Skip, not retry: the same URL will be as large next time. ParseError is the tree's
  // "this response is unusable" class (skip + snapshot + error budget).
  return new ParseError(`Response larger than ${maxBytes} bytes at ${safeUrl(url)}`, {
    code: 'ERR_RESPONSE_TOO_LARGE',
    details: { url: safeUrl(url), maxBytes, bytesSeen: seen },
  });
}

/** True when `host` is listed, or covered by a `*.domain` entry. */
export function isAllowedHost(host: string, allowed: readonly string[]): boolean {
  const h = host.toLowerCase();
  return allowed.some((entry) => {
    const e = entry.toLowerCase();
    return e.startsWith('*.') ? h === e.slice(2) || h.endsWith(e.slice(1)) : h === e;
  });
}

/** Headers as a plain record (Set-Cookie values joined; callers redact them). */
export function headersToRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}
