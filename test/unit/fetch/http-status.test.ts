import { describe, expect, it } from 'vitest';

import { BlockRulesSchema } from '../../../src/fetch/block-detection.js';
import { parseRetryAfter, statusError } from '../../../src/fetch/http-status.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const rules = BlockRulesSchema.parse({});
const mapped = (status: number, retryAfter: string | null = null) =>
  statusError({ url: 'http://h.cn/x', status, retryAfter, nowMs: NOW }, rules);

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP-dates', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });
});

describe('statusError', () => {
  it.each([
    [200, undefined, undefined],
    [204, undefined, undefined],
    [404, 'NotFoundError', 'ERR_HTTP_404'],
    [410, 'NotFoundError', 'ERR_HTTP_410'],
    [429, 'RateLimitedError', 'ERR_HTTP_429'],
    [403, 'BlockedError', 'ERR_BLOCKED_STATUS'],
    [500, 'TransientFetchError', 'ERR_HTTP_5XX'],
    [503, 'TransientFetchError', 'ERR_HTTP_5XX'],
    [405, 'ParseError', 'ERR_HTTP_STATUS'],
  ])('maps %i to %s %s', (status, name, code) => {
    const error = mapped(status);
    expect(error?.name).toBe(name);
    expect(error?.code).toBe(code);
  });

  it('carries Retry-After on 429 and turns 503 + Retry-After into a rate limit', () => {
    expect(mapped(429, '7')).toMatchObject({ retryAfterMs: 7000, disposition: 'defer' });
    expect(mapped(429)).toMatchObject({ retryAfterMs: undefined });
    expect(mapped(503, '5')).toMatchObject({ name: 'RateLimitedError', code: 'ERR_RETRY_AFTER', retryAfterMs: 5000 });
  });

  it('honours declared block statuses', () => {
    const custom = BlockRulesSchema.parse({ statuses: [403, 521] });
    const error = statusError({ url: 'http://h.cn/', status: 521, retryAfter: null, nowMs: NOW }, custom);
    expect(error?.code).toBe('ERR_BLOCKED_STATUS');
  });
});
