/**
 * The pipeline's one error tree. Every class carries a stable `code` (ERR_*) and a
 * `disposition` that tells the pipeline what to do; `classify()` is the only place that
 * knows the shapes of foreign errors (undici, MongoDB, zod, Playwright).
 */

/** What the pipeline does with a failure. */
export const Disposition = {
  /** Try the same task again after a backoff; counts toward the retry limit. */
  Retry: 'retry',
  /** Requeue later (rate limited); does not count as a failure. */
  Defer: 'defer',
  /** Give up on this task or record; the run goes on. */
  Skip: 'skip',
  /** Stop this source's run; other sources go on. */
  FailSource: 'fail-source',
  /** Stop the whole process with a non-zero exit. */
  AbortRun: 'abort-run',
} as const;
export type Disposition = (typeof Disposition)[keyof typeof Disposition];

export interface PipelineErrorOptions {
  cause?: unknown;
  code?: string;
  /** Extra, non-sensitive facts for logs (never bodies or secrets). */
  details?: Record<string, unknown>;
}

/** Base class: never thrown directly. */
export abstract class PipelineError extends Error {
  abstract readonly disposition: Disposition;
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(message: string, defaultCode: string, options: PipelineErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? defaultCode;
    this.details = options.details ?? {};
  }
}

/** A config file, env variable, CLI flag or source option is invalid. */
export class ConfigError extends PipelineError {
  readonly disposition = Disposition.AbortRun;
  constructor(message: string, options?: PipelineErrorOptions) {
    super(message, 'ERR_CONFIG_INVALID', options);
  }
}

/** A network failure, timeout or 5xx that may succeed on retry. */
export class TransientFetchError extends PipelineError {
  readonly disposition = Disposition.Retry;
  constructor(message: string, options?: PipelineErrorOptions) {
    super(message, 'ERR_FETCH_NETWORK', options);
  }
}

/** The site asked us to slow down (429, Retry-After, empty throttled body). */
export class RateLimitedError extends PipelineError {
  readonly disposition = Disposition.Defer;
  /** How long the site asked us to wait, when it said. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options?: PipelineErrorOptions & { retryAfterMs?: number }) {
    super(message, 'ERR_HTTP_429', options);
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** A WAF or challenge page blocked us (403, captcha markers). */
export class BlockedError extends PipelineError {
  readonly disposition = Disposition.Retry;
  constructor(message: string, options?: PipelineErrorOptions) {
    super(message, 'ERR_BLOCKED_STATUS', options);
  }
}

/** The message or page is gone (404, 410, the site's not-found page). */
export class NotFoundError extends PipelineError {
  readonly disposition = Disposition.Skip;
  constructor(message: string, options?: PipelineErrorOptions) {
    super(message, 'ERR_HTTP_404', options);
  }
}

/** A page did not have the shape its parser requires: the layout changed or the body is broken. */
export class ParseError extends PipelineError {
  readonly disposition = Disposition.Skip;
  constructor(message: string, options?: PipelineErrorOptions) {
    super(message, 'ERR_PARSE_MISSING', options);
  }
}

/** A record failed its zod schema before it could be stored. */
export class RecordValidationError extends PipelineError {
  readonly disposition = Disposition.Skip;
  constructor(message: string, options?: PipelineErrorOptions) {
    super(message, 'ERR_RECORD_INVALID', options);
  }
}

/** The database failed; transient ones are retried, fatal ones abort. */
export class StoreError extends PipelineError {
  readonly disposition: Disposition;
  constructor(message: string, options?: PipelineErrorOptions & { fatal?: boolean }) {
    super(message, options?.fatal ? 'ERR_STORE_FATAL' : 'ERR_STORE_TRANSIENT', options);
    this.disposition = options?.fatal ? Disposition.AbortRun : Disposition.Retry;
  }
}

/** Something is wrong enough that the process must stop. */
export class CriticalError extends PipelineError {
  readonly disposition = Disposition.AbortRun;
  constructor(message: string, options?: PipelineErrorOptions) {
    super(message, 'ERR_CRITICAL', options);
  }
}
