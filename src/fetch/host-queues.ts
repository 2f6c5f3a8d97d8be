/**
 * Politeness per host, shared by every fetch client of the process: one p-queue per host
 * (concurrency), a minimum gap between request starts with jitter, host-wide pauses after
 * 403/429/empty bodies, and a circuit breaker that stops hammering a host that keeps failing.
 */
import PQueue from 'p-queue';
import { z } from 'zod';

import { classify } from '../shared/classify.js';
import { BlockedError, RateLimitedError, TransientFetchError } from '../shared/errors.js';
import { type FetchLogger, silentLogger } from './fetch-logger.js';
import { systemTimer, type Timer } from './timer.js';

/** Per-host politeness settings (a source's `fetch` block maps onto these). */
export const HostPolicySchema = z.strictObject({
  concurrency: z.number().int().min(1).default(1).describe('requests in flight per host; @default 1'),
  minIntervalMs: z
    .number()
    .int()
    .min(0)
    .default(1500)
    .describe('minimum gap between request starts; boards.md asks 1.5–3 s; @default 1500'),
  jitterMs: z
    .number()
    .int()
    .min(0)
    .default(1500)
    .describe('random extra gap, 0..jitterMs; @default 1500'),
  failureThreshold: z
    .number()
    .int()
    .min(1)
    .default(5)
    .describe('consecutive failures that open the circuit; @default 5'),
  coolDownMs: z
    .number()
    .int()
    .min(0)
    .default(60_000)
    .describe('how long an open circuit stays open; @default 60000'),
});
export type HostPolicy = z.infer<typeof HostPolicySchema>;
export type HostPolicyInput = z.input<typeof HostPolicySchema>;

/** Circuit breaker states. */
export const BreakerState = { Closed: 'closed', Open: 'open', HalfOpen: 'half-open' } as const;
export type BreakerState = (typeof BreakerState)[keyof typeof BreakerState];

/**
 * Request slots shared with other processes (src/frontier/host-slots.ts): a request starts
 * only in a slot no other worker holds, so the interval holds across all workers together.
 */
export interface SharedSlots {
  acquire(host: string, intervalMs: number): Promise<unknown>;
}

/** Injected dependencies; defaults are the real clock and Math.random. */
export interface HostQueuesDeps {
  timer?: Timer;
  random?: () => number;
  logger?: FetchLogger;
  /** Without it, politeness holds within this process only. */
  slots?: SharedSlots;
}

interface HostState {
  host: string;
  policy: HostPolicy;
  queue: PQueue;
  nextStartAt: number;
  resumeAt: number;
  failures: number;
  breaker: BreakerState;
  openUntil: number;
  probeInFlight: boolean;
}

/** The host (lower-case hostname with port) a URL's request is queued under. */
export function hostKey(url: string): string {
  return new URL(url).host.toLowerCase();
}

/** One queue per host with intervals, pauses and a circuit breaker. */
export class HostQueues {
  readonly #defaults: HostPolicy;
  readonly #overrides = new Map<string, HostPolicy>();
  readonly #hosts = new Map<string, HostState>();
  readonly #timer: Timer;
  readonly #random: () => number;
  readonly #log: FetchLogger;
  readonly #slots: SharedSlots | undefined;

  constructor(defaults: HostPolicyInput = {}, deps: HostQueuesDeps = {}) {
    this.#slots = deps.slots;
    this.#defaults = HostPolicySchema.parse(defaults);
    this.#timer = deps.timer ?? systemTimer;
    this.#random = deps.random ?? Math.random;
    this.#log = deps.logger ?? silentLogger;
  }

  /** Sets the policy of one host (call before its first request; later calls are ignored). */
  configure(host: string, policy: HostPolicyInput): void {
    const key = host.toLowerCase();
    if (!this.#hosts.has(key)) this.#overrides.set(key, HostPolicySchema.parse(policy));
  }

  /**
   * Runs `task` in `url`'s host queue once the host's interval, pause and breaker allow it.
   * Rejects with RateLimitedError `ERR_CIRCUIT_OPEN` (disposition defer) while the circuit
   * is open, without calling `task`.
   */
  run<T>(url: string, task: () => Promise<T>, options: { signal?: AbortSignal } = {}): Promise<T> {
    const state = this.#stateFor(hostKey(url));
    const signal = options.signal;
    return state.queue.add(
      async () => {
        this.#throwIfOpen(state, false);
        await this.#waitTurn(state, signal);
        // Local pacing first (cheap), then the cross-process slot (one insert).
        if (this.#slots && state.policy.minIntervalMs > 0) await this.#slots.acquire(state.host, state.policy.minIntervalMs);
        const isProbe = this.#throwIfOpen(state, true);
        try {
          const result = await task();
          this.#onSuccess(state);
          return result;
        } catch (error) {
          this.#onFailure(state, error, isProbe);
          throw error;
        }
      },
      signal === undefined ? {} : { signal },
    );
  }

  /** Pauses a host: no request starts before `ms` from now (longer pauses win). */
  pauseHost(host: string, ms: number): void {
    const state = this.#stateFor(host.toLowerCase());
    const until = this.#timer.now() + Math.max(0, ms);
    if (until > state.resumeAt) {
      state.resumeAt = until;
      this.#log.info({ host: state.host, pauseMs: ms }, 'paused host');
    }
  }

  /** The breaker state of a host (`closed` for hosts never seen). */
  breakerState(host: string): BreakerState {
    const state = this.#hosts.get(host.toLowerCase());
    if (state === undefined) return BreakerState.Closed;
    const isCooledDown = this.#timer.now() >= state.openUntil;
    if (state.breaker === BreakerState.Open && isCooledDown) return BreakerState.HalfOpen;
    return state.breaker;
  }

  /** Resolves when every host queue is empty and idle. */
  async onIdle(): Promise<void> {
    await Promise.all([...this.#hosts.values()].map((s) => s.queue.onIdle()));
  }

  /** Drops queued (not running) tasks of every host, e.g. on shutdown. */
  clear(): void {
    for (const state of this.#hosts.values()) state.queue.clear();
  }

  #stateFor(host: string): HostState {
    let state = this.#hosts.get(host);
    if (state === undefined) {
      const policy = this.#overrides.get(host) ?? this.#defaults;
      state = {
        host,
        policy,
        queue: new PQueue({ concurrency: policy.concurrency }),
        nextStartAt: 0,
        resumeAt: 0,
        failures: 0,
        breaker: BreakerState.Closed,
        openUntil: 0,
        probeInFlight: false,
      };
      this.#hosts.set(host, state);
    }
    return state;
  }

  /**
   * Waits until both the interval slot and any host pause have passed, then claims the slot.
   * Claiming happens synchronously after the check, so concurrent tasks never share a slot;
   * the loop re-checks because a pause may be extended while we sleep.
   */
  async #waitTurn(state: HostState, signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      const now = this.#timer.now();
      const startAt = Math.max(state.nextStartAt, state.resumeAt);
      if (startAt <= now) {
        const { minIntervalMs, jitterMs } = state.policy;
        state.nextStartAt = now + minIntervalMs + Math.round(this.#random() * jitterMs);
        return;
      }
      await this.#timer.sleep(startAt - now, signal);
    }
  }

  /** Throws while the circuit is open; when `admit`, lets one probe through after cool-down. */
  #throwIfOpen(state: HostState, admit: boolean): boolean {
    const now = this.#timer.now();
    const coolingDown = state.breaker === BreakerState.Open && now < state.openUntil;
    const probeBusy = state.breaker !== BreakerState.Closed && !coolingDown && state.probeInFlight;
    if (coolingDown || probeBusy) {
      throw new RateLimitedError(`Circuit open for host ${state.host}`, {
        code: 'ERR_CIRCUIT_OPEN',
        retryAfterMs: Math.max(state.openUntil - now, 0) || state.policy.coolDownMs,
        details: { host: state.host, failures: state.failures },
      });
    }
    if (!admit || state.breaker === BreakerState.Closed) return false;
    state.breaker = BreakerState.HalfOpen;
    state.probeInFlight = true;
    return true;
  }

  #onSuccess(state: HostState): void {
    if (state.breaker !== BreakerState.Closed) this.#log.info({ host: state.host }, 'closed circuit');
    state.failures = 0;
    state.breaker = BreakerState.Closed;
    state.probeInFlight = false;
  }

  #onFailure(state: HostState, error: unknown, isProbe: boolean): void {
    if (!countsAgainstHost(error)) {
      // A 404 or a parse failure means the host answered properly.
      this.#onSuccess(state);
      return;
    }
    state.failures += 1;
    state.probeInFlight = false;
    if (isProbe || state.failures >= state.policy.failureThreshold) {
      state.breaker = BreakerState.Open;
      state.openUntil = this.#timer.now() + state.policy.coolDownMs;
      const { host, failures } = state;
      this.#log.warn({ host, failures, coolDownMs: state.policy.coolDownMs }, 'opened circuit');
    }
  }
}

function countsAgainstHost(error: unknown): boolean {
  const classified = classify(error);
  if (classified.code === 'ERR_CIRCUIT_OPEN') return false;
  return (
    classified instanceof TransientFetchError ||
    classified instanceof RateLimitedError ||
    classified instanceof BlockedError
  );
}
