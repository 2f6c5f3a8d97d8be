import { describe, expect, it } from 'vitest';

import {
  computeDelay,
  decideRetry,
  defaultRetryPolicy,
  ruleFor,
  withOverrides,
} from '../../../src/fetch/retry-policy.js';
import {
  BlockedError,
  CriticalError,
  NotFoundError,
  ParseError,
  RateLimitedError,
  TransientFetchError,
} from '../../../src/shared/errors.js';

const mid = (): number => 0.5; // no jitter: 2*0.5-1 = 0
const high = (): number => 1;
const low = (): number => 0;
const policy = defaultRetryPolicy;
const http5xx = new TransientFetchError('x', { code: 'ERR_HTTP_5XX' });

describe('computeDelay', () => {
  it('grows exponentially for transient errors and caps at maxDelayMs', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => computeDelay(http5xx, n, policy, mid))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000,
    ]);
  });

  it('applies ± jitter around the backoff', () => {
    expect(computeDelay(http5xx, 2, policy, high)).toBe(2400);
    expect(computeDelay(http5xx, 2, policy, low)).toBe(1600);
  });

  it('grows linearly after a block, as liuyan needs (8 s × attempt)', () => {
    const blocked = new BlockedError('x');
    expect([1, 2, 3].map((n) => computeDelay(blocked, n, policy, mid))).toEqual([8000, 16_000, 24_000]);
  });

  it('waits at least Retry-After and jitter only adds to it', () => {
    const limited = new RateLimitedError('x', { retryAfterMs: 3000 });
    expect(computeDelay(limited, 1, policy, low)).toBe(3000);
    expect(computeDelay(limited, 1, policy, high)).toBe(3600);
    expect(computeDelay(limited, 4, policy, low)).toBe(3000);
  });

  it('uses the row backoff when a 429 carries no Retry-After', () => {
    expect(computeDelay(new RateLimitedError('x'), 2, policy, mid)).toBe(16_000);
  });

  it('falls back to class rows for unknown codes', () => {
    const odd = new TransientFetchError('x', { code: 'ERR_SOMETHING_NEW' });
    expect(ruleFor(odd, policy)).toBe(policy.byClass.TransientFetchError);
    expect(computeDelay(odd, 1, policy, mid)).toBe(1000);
  });
});

describe('decideRetry', () => {
  it('retries transient errors up to the limit', () => {
    expect(decideRetry(http5xx, 3, policy, mid)).toMatchObject({ retry: true, delayMs: 4000, hostBackoff: false });
    expect(decideRetry(http5xx, 4, policy, mid)).toEqual({ retry: false, reason: 'limit-reached' });
  });

  it('pauses the host and resets the session after a 403', () => {
    const blocked = new BlockedError('x', { code: 'ERR_BLOCKED_STATUS' });
    expect(decideRetry(blocked, 1, policy, mid)).toEqual({ retry: true, delayMs: 8000, hostBackoff: true, resetSession: true });
  });

  it('treats an empty body as a throttle', () => {
    const empty = new RateLimitedError('x', { code: 'ERR_EMPTY_BODY' });
    expect(decideRetry(empty, 1, policy, mid)).toMatchObject({ retry: true, hostBackoff: true, resetSession: true });
  });

  it.each([
    new NotFoundError('x'),
    new ParseError('x'),
    new ParseError('x', { code: 'ERR_RESPONSE_TOO_LARGE' }),
    new BlockedError('x', { code: 'ERR_REDIRECT_NOT_ALLOWED' }),
    new RateLimitedError('x', { code: 'ERR_CIRCUIT_OPEN', retryAfterMs: 10 }),
    new CriticalError('x'),
  ])('does not retry $code', (error) => {
    expect(decideRetry(error, 1, policy, mid)).toEqual({ retry: false, reason: 'not-retryable' });
  });

  it('hands a Retry-After beyond maxRetryAfterMs back to the pipeline', () => {
    const limited = new RateLimitedError('x', { retryAfterMs: 3_600_000 });
    expect(decideRetry(limited, 1, policy, mid)).toEqual({ retry: false, reason: 'retry-after-too-long' });
  });
});

describe('withOverrides', () => {
  it('replaces rows and keeps the rest', () => {
    const slower = withOverrides(policy, { byCode: { ERR_HTTP_429: { retry: true, limit: 1, baseDelayMs: 30_000 } } });
    expect(slower.byCode.ERR_HTTP_429).toMatchObject({ limit: 1, baseDelayMs: 30_000, backoff: 'exponential' });
    expect(slower.byCode.ERR_HTTP_5XX).toBe(policy.byCode.ERR_HTTP_5XX);
    expect(slower.fallback).toBe(policy.fallback);
  });
});
