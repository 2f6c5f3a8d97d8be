/**
 * HTTP facts → the pipeline's error tree: which statuses mean gone, slow down, blocked or
 * try again, and how to read Retry-After.
 */
import {
  NotFoundError,
  ParseError,
  type PipelineError,
  RateLimitedError,
  TransientFetchError,
} from '../shared/errors.js';
import { type BlockRules, detectBlock } from './block-detection.js';
import { safeUrl } from './fetch-logger.js';

/** Statuses that carry a Location we may follow. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/**
 * Parses a Retry-After header: delta-seconds or an HTTP-date (RFC 9110 §10.2.3). Returns ms
 * from `nowMs`, never negative; `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** The parts of a response the status mapping needs. */
export interface StatusInput {
  url: string;
  status: number;
  retryAfter: string | null;
  nowMs: number;
}

/**
 * Maps a non-success status to its error, or `undefined` for 2xx. 429 (and a 503 that
 * carries Retry-After, the other way servers say "later") are rate limits; declared block
 * statuses (403 by default) are blocks; 404/410 are gone; other 5xx are transient; any other
 * status means the request itself is wrong for this site (e.g. liuyan's 405 on GET), which a
 * retry cannot fix, so it is a ParseError (skip, snapshot, counts toward the budget).
 */
export function statusError(input: StatusInput, rules: BlockRules): PipelineError | undefined {
  const { status } = input;
  if (status >= 200 && status < 300) return undefined;
  const url = safeUrl(input.url);
  const details = { url, status };
  const retryAfterMs = parseRetryAfter(input.retryAfter, input.nowMs);
  if (status === 429) {
    const retryAfter = retryAfterMs === undefined ? {} : { retryAfterMs };
    return new RateLimitedError(`Rate limited (429) at ${url}`, { details, ...retryAfter });
  }
  if (status === 503 && retryAfterMs !== undefined) {
    return new RateLimitedError(`Service unavailable with Retry-After at ${url}`, {
      code: 'ERR_RETRY_AFTER',
      details,
      retryAfterMs,
    });
  }
  const statusOnly = { ...rules, markers: [] };
  const blocked = detectBlock({ url: input.url, status, contentType: undefined, text: '' }, statusOnly);
  if (blocked !== undefined) return blocked;
  if (status === 404 || status === 410) {
    return new NotFoundError(`Not found (${status}) at ${url}`, {
      code: `ERR_HTTP_${status}`,
      details,
    });
  }
  if (status >= 500) {
    return new TransientFetchError(`Server error ${status} at ${url}`, { code: 'ERR_HTTP_5XX', details });
  }
  return new ParseError(`Unexpected status ${status} at ${url}`, { code: 'ERR_HTTP_STATUS', details });
}
