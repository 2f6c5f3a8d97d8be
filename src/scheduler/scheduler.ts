/**
 * The daemon's scheduler: one node-cron task per source (Asia/Shanghai, random start delay
 * as jitter), never two runs of one source at once, and a stop that lets running sources
 * hand back their tasks before it returns. A run that reports when its source has work
 * again (`RunResult.nextDueAt`: a list's next sweep, a queued re-visit) is followed by the
 * next run at that time, so a busy list is swept when due rather than at the next cron tick.
 */
import cron, { type ScheduledTask } from 'node-cron';

import type { RunResult } from '../pipeline/run-source.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { PipelineMetrics } from './metrics.js';

const MAX_WAKE_MS = 86_400_000;

export interface ScheduledSource {
  id: string;
  cron: string;
}

export interface SchedulerOptions {
  sources: ScheduledSource[];
  /** Runs one source until done or until the signal aborts. */
  run(sourceId: string, signal: AbortSignal): Promise<RunResult>;
  log: Logger;
  clock: Clock;
  metrics: PipelineMetrics;
  timezone: string;
  /** Longest random delay before a scheduled run starts. */
  jitterMs: number;
  /** Also run every source once right after start. */
  runAtStart: boolean;
  /** Soonest a run follows the previous one when it asks to (`nextDueAt`). @default 5000 */
  minWakeMs?: number;
}

export interface SourceStatus {
  running: boolean;
  lastFinishedAt: Date | null;
  lastState: string | null;
  nextRunAt: Date | null;
}

export class Scheduler {
  readonly #options: SchedulerOptions;
  readonly #tasks = new Map<string, ScheduledTask>();
  readonly #running = new Map<string, Promise<void>>();
  readonly #last = new Map<string, { at: Date; state: string }>();
  readonly #controller = new AbortController();
  readonly #wakes = new Map<string, NodeJS.Timeout>();

  constructor(options: SchedulerOptions) {
    for (const s of options.sources) {
      if (!cron.validate(s.cron)) throw new Error(`source ${s.id}: invalid cron expression "${s.cron}"`);
    }
    this.#options = options;
  }

  start(): void {
    const { timezone, jitterMs } = this.#options;
    for (const s of this.#options.sources) {
      const task = cron.schedule(s.cron, () => this.trigger(s.id), { timezone, name: s.id, noOverlap: true, maxRandomDelay: jitterMs });
      this.#tasks.set(s.id, task);
      if (this.#options.runAtStart) void this.trigger(s.id);
    }
    this.#options.log.info({ sources: this.#options.sources.map((s) => s.id), timezone }, 'scheduler started');
  }

  /** Starts a run of a source unless one is already running; resolves when it ends. */
  trigger(sourceId: string): Promise<void> {
    const current = this.#running.get(sourceId);
    if (current) {
      this.#options.log.info({ source: sourceId }, 'run skipped, previous run still going');
      return current;
    }
    if (this.#controller.signal.aborted) return Promise.resolve();
    clearTimeout(this.#wakes.get(sourceId));
    this.#wakes.delete(sourceId);
    const done = this.#runOne(sourceId).finally(() => this.#running.delete(sourceId));
    this.#running.set(sourceId, done);
    return done;
  }

  status(): Record<string, SourceStatus> {
    const out: Record<string, SourceStatus> = {};
    for (const s of this.#options.sources) {
      const last = this.#last.get(s.id);
      out[s.id] = {
        running: this.#running.has(s.id),
        lastFinishedAt: last?.at ?? null,
        lastState: last?.state ?? null,
        nextRunAt: this.#tasks.get(s.id)?.getNextRun() ?? null,
      };
    }
    return out;
  }

  /** Stops scheduling, asks running sources to stop, and waits for them. */
  async stop(): Promise<void> {
    for (const task of this.#tasks.values()) await task.destroy();
    this.#tasks.clear();
    for (const wake of this.#wakes.values()) clearTimeout(wake);
    this.#wakes.clear();
    this.#controller.abort(new Error('scheduler stopping'));
    await Promise.allSettled(this.#running.values());
    this.#options.log.info({}, 'scheduler stopped');
  }

  async #runOne(sourceId: string): Promise<void> {
    const { metrics, clock, log } = this.#options;
    metrics.started(sourceId);
    let result: RunResult | null = null;
    try {
      result = await this.#options.run(sourceId, this.#controller.signal);
    } catch (err) {
      log.error({ err, source: sourceId }, 'source run crashed');
    } finally {
      const at = clock.now();
      metrics.finished(sourceId, result, at);
      this.#last.set(sourceId, { at, state: result?.state ?? 'failed' });
    }
    if (result?.nextDueAt && !this.#controller.signal.aborted) this.#wakeAt(sourceId, result.nextDueAt);
  }

  /** Starts the source's next run at `due` (not sooner than minWakeMs from now). */
  #wakeAt(sourceId: string, due: Date): void {
    // Capped at a day: setTimeout fires at once past 2^31 ms, and the cron tick comes sooner anyway.
    const delay = Math.min(MAX_WAKE_MS, Math.max(this.#options.minWakeMs ?? 5000, due.getTime() - this.#options.clock.now().getTime()));
    clearTimeout(this.#wakes.get(sourceId));
    const wake = setTimeout(() => {
      this.#wakes.delete(sourceId);
      void this.trigger(sourceId);
    }, delay);
    wake.unref();
    this.#wakes.set(sourceId, wake);
    this.#options.log.debug({ source: sourceId, delayMs: delay }, 'next run when the source has work again');
  }
}
