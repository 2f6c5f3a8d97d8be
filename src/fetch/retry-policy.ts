/**
 * The retry policy as data (got's `retry` block): one row per error code, with class-name
 * rows as the fallback. `decideRetry()` and `computeDelay()` are the only code that reads it,
 * and both are pure (randomness is passed in).
 */
import { z } from 'zod';

import type { PipelineError } from '../shared/errors.js';

/** How a delay grows with the attempt number. */
export const Backoff = {
  /** base × 2^(attempt-1) */
  Exponential: 'exponential',
  /** base × attempt: liuyan's "sleep 8–60 s × attempt" after 403/429 */
  Linear: 'linear',
  Fixed: 'fixed',
} as const;
export type Backoff = (typeof Backoff)[keyof typeof Backoff];

/** One row of the table. */
export const RetryRuleSchema = z.strictObject({
  retry: z.boolean().describe('whether to try again at all'),
  limit: z.number().int().min(0).default(0).describe('retries after the first try; @default 0'),
  backoff: z.enum(Backoff).default(Backoff.Exponential).describe('@default exponential'),
  baseDelayMs: z.number().int().min(0).default(1000).describe('@default 1000'),
  maxDelayMs: z.number().int().min(0).default(60_000).describe('@default 60000'),
  jitter: z
    .number()
    .min(0)
    .max(1)
    .default(0.2)
    .describe('± fraction of the delay, randomised; @default 0.2'),
  honourRetryAfter: z
    .boolean()
    .default(false)
    .describe('wait at least the server-sent Retry-After; @default false'),
  hostBackoff: z
    .boolean()
    .default(false)
    .describe('pause the whole host, not just this request; @default false'),
  resetSession: z
    .boolean()
    .default(false)
    .describe('clear cookies and warm up again first; @default false'),
});
export type RetryRule = z.infer<typeof RetryRuleSchema>;
export type RetryRuleInput = z.input<typeof RetryRuleSchema>;

export const RetryPolicySchema = z.strictObject({
  byCode: z
    .record(z.string(), RetryRuleSchema)
    .describe('rows keyed by PipelineError.code (checked first)'),
  byClass: z.record(z.string(), RetryRuleSchema).describe('rows keyed by error class name'),
  fallback: RetryRuleSchema.describe('row for anything else'),
  maxRetryAfterMs: z
    .number()
    .int()
    .min(0)
    .default(120_000)
    .describe('a longer Retry-After goes back to the pipeline to defer; @default 120000'),
});
export type RetryPolicy = z.infer<typeof RetryPolicySchema>;
export type RetryPolicyInput = z.input<typeof RetryPolicySchema>;

const transient = {
  retry: true,
  limit: 3,
  backoff: 'exponential',
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
} as const;
// 403/429/empty body: liuyan gen C blocks bursts; its scraper waits 8–60 s × attempt and
// warms the session up again (boards.md §1.7).
const hostSlowDown = {
  retry: true,
  backoff: 'linear',
  baseDelayMs: 8000,
  maxDelayMs: 60_000,
  hostBackoff: true,
} as const;
const never = { retry: false } as const;

/** The default table; a source may override rows through its config. */
export const defaultRetryPolicy: RetryPolicy = RetryPolicySchema.parse({
  byCode: {
    ERR_FETCH_TIMEOUT: transient,
    ERR_FETCH_NETWORK: transient,
    ERR_HTTP_5XX: transient,
    ERR_HTTP_429: { ...hostSlowDown, limit: 5, honourRetryAfter: true },
    ERR_RETRY_AFTER: { ...hostSlowDown, limit: 5, honourRetryAfter: true },
    ERR_EMPTY_BODY: { ...hostSlowDown, limit: 4, resetSession: true },
    ERR_BLOCKED_STATUS: { ...hostSlowDown, limit: 3, resetSession: true },
    ERR_BLOCKED_MARKER: { ...hostSlowDown, limit: 2, resetSession: true },
    // Deciding these again would give the same answer; the pipeline defers or skips them.
    ERR_CIRCUIT_OPEN: never,
    ERR_REDIRECT_NOT_ALLOWED: never,
    ERR_TOO_MANY_REDIRECTS: never,
    ERR_RESPONSE_TOO_LARGE: never,
    ERR_CHALLENGE_FAILED: never,
  },
  byClass: {
    TransientFetchError: transient,
    RateLimitedError: { ...hostSlowDown, limit: 3, honourRetryAfter: true },
    BlockedError: { ...hostSlowDown, limit: 2 },
    NotFoundError: never,
    ParseError: never,
  },
  fallback: never,
});

/** Partial rows a source config may declare on top of the default table. */
export interface RetryPolicyOverrides {
  byCode?: Record<string, RetryRuleInput>;
  byClass?: Record<string, RetryRuleInput>;
  fallback?: RetryRuleInput;
  maxRetryAfterMs?: number;
}

/** Merges row overrides into a policy (e.g. a source's slower ERR_HTTP_429 row). */
export function withOverrides(
  policy: RetryPolicy,
  overrides: RetryPolicyOverrides | undefined,
): RetryPolicy {
  if (overrides === undefined) return policy;
  const parse = (rows: Record<string, RetryRuleInput> | undefined): Record<string, RetryRule> =>
    Object.fromEntries(Object.entries(rows ?? {}).map(([k, v]) => [k, RetryRuleSchema.parse(v)]));
  return {
    byCode: { ...policy.byCode, ...parse(overrides.byCode) },
    byClass: { ...policy.byClass, ...parse(overrides.byClass) },
    fallback:
      overrides.fallback === undefined ? policy.fallback : RetryRuleSchema.parse(overrides.fallback),
    maxRetryAfterMs: overrides.maxRetryAfterMs ?? policy.maxRetryAfterMs,
  };
}

/** The row that applies to an error: by code, then by class name, then the fallback. */
export function ruleFor(error: PipelineError, policy: RetryPolicy): RetryRule {
  return policy.byCode[error.code] ?? policy.byClass[error.name] ?? policy.fallback;
}

/** The server's Retry-After in ms, when the error carries one. */
export function retryAfterOf(error: PipelineError): number | undefined {
  const value = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * The delay before retry number `attempt` (1 = the first retry). Backoff grows per the row
 * and is capped at `maxDelayMs`, then randomised by ±jitter. When the row honours
 * Retry-After and the server sent one, the delay is at least that, and jitter only adds:
 * waiting less than the server asked is what gets a host banned.
 */
export function computeDelay(
  error: PipelineError,
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
): number {
  const rule = ruleFor(error, policy);
  const n = Math.max(1, attempt);
  const grown =
    rule.backoff === Backoff.Exponential
      ? rule.baseDelayMs * 2 ** (n - 1)
      : rule.backoff === Backoff.Linear
        ? rule.baseDelayMs * n
        : rule.baseDelayMs;
  const capped = Math.min(grown, rule.maxDelayMs);
  const retryAfter = rule.honourRetryAfter ? retryAfterOf(error) : undefined;
  if (retryAfter !== undefined) {
    return Math.round(Math.min(retryAfter, policy.maxRetryAfterMs) * (1 + rule.jitter * random()));
  }
  return Math.max(0, Math.round(capped * (1 + rule.jitter * (2 * random() - 1))));
}

/** What to do after a failed attempt. */
export type RetryDecision =
  | { retry: false; reason: 'not-retryable' | 'limit-reached' | 'retry-after-too-long' }
  | { retry: true; delayMs: number; hostBackoff: boolean; resetSession: boolean };

/** Decides whether attempt number `attempt` (1-based, the one that just failed) is retried. */
export function decideRetry(
  error: PipelineError,
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
): RetryDecision {
  const rule = ruleFor(error, policy);
  if (!rule.retry) return { retry: false, reason: 'not-retryable' };
  if (attempt > rule.limit) return { retry: false, reason: 'limit-reached' };
  const retryAfter = rule.honourRetryAfter ? retryAfterOf(error) : undefined;
  if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) {
    return { retry: false, reason: 'retry-after-too-long' };
  }
  return {
    retry: true,
    delayMs: computeDelay(error, attempt, policy, random),
    hostBackoff: rule.hostBackoff,
    resetSession: rule.resetSession,
  };
}
