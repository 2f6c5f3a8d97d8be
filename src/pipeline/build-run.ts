/**
 * Assembles everything a source run needs from the app (config, store, logger): the
 * source's options and base URL, its fetch stack, the frontier and the repositories.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

import type { AppWithStore } from '../cli/app.js';
import { ErrorSnapshotter } from '../fetch/error-snapshots.js';
import { HostQueues } from '../fetch/host-queues.js';
import { CaseAssigner } from '../dedup/case-assigner.js';
import { Frontier } from '../frontier/frontier.js';
import { HostSlots } from '../frontier/host-slots.js';
import { ReplyDelays } from '../frontier/reply-delays.js';
import { WatermarkRepository } from '../frontier/watermarks.js';
import { normalizeMessage } from '../normalize/message.js';
import { systemClock } from '../shared/clock.js';
import { sourceOptions, type AnySource } from '../sources/registry.js';
import { DeadLetterRepository } from '../store/dead-letters.js';
import { sequenceUnevented } from '../store/event-log.js';
import { MessageRepository } from '../store/message-repository.js';
import { RunRepository } from '../store/runs.js';
import { createPageFetcher } from './page-fetcher.js';
import type { RunSourceInput } from './run-source.js';

export interface RunRequest {
  source: AnySource;
  since: Date | null;
  until: Date | null;
  maxPages?: number | undefined;
  /** Overrides merged into the source's configured options (e.g. `fids` from --fid). */
  optionOverrides?: Record<string, unknown>;
  /** A fixed sweep id resumes an interrupted crawl; omit for a fresh one. */
  sweepId?: string;
  signal?: AbortSignal;
  args?: Record<string, string | number | boolean | null>;
}

/** The base URL a source is crawled at: config override, else the source's own. */
export function baseUrlOf(app: Pick<AppWithStore, 'config'>, source: AnySource): string {
  return app.config.sources[source.id]?.baseUrl ?? source.baseUrl;
}

/** The part of a sweep id that is the same for the same crawl request. */
export function sweepBase(parts: Record<string, unknown>): string {
  return `sweep-${createHash('sha1').update(JSON.stringify(parts)).digest('hex').slice(0, 16)}`;
}

/**
 * Which generation of a request's sweep to run: the newest one again when it did not finish
 * (killed, stopped, failed: running it again continues it), else the next one, so the same
 * command run tomorrow lists the boards afresh (incrementally, from the watermarks).
 */
export function pickSweepGeneration(base: string, runs: ReadonlyArray<{ sweepId: string; state: string }>): string {
  let newest = -1;
  let finished = false;
  for (const r of runs) {
    const m = new RegExp(`^${base}\\.(\\d+)$`).exec(r.sweepId);
    if (!m) continue;
    const gen = Number(m[1]);
    if (gen > newest) [newest, finished] = [gen, false];
    if (gen === newest && r.state === 'finished') finished = true;
  }
  if (newest === -1) return `${base}.0`;
  return `${base}.${finished ? newest + 1 : newest}`;
}

/** The sweep id a crawl request resumes or starts (see pickSweepGeneration). */
export async function resumableSweepId(runs: RunRepository, source: string, parts: Record<string, unknown>): Promise<string> {
  const base = sweepBase(parts);
  return pickSweepGeneration(base, await runs.sweepStates(source, base));
}

/** This process's name in leases and host slots. */
export const workerId = (): string => `${os.hostname()}:${process.pid}`;

/** The process's host queues; with shared politeness their intervals hold across workers. */
export function createHostQueues(app: AppWithStore): HostQueues {
  if (!app.config.fetch.sharedPoliteness) return new HostQueues({}, { logger: app.log });
  const slots = new HostSlots(app.store.db, systemClock, { workerId: workerId() });
  return new HostQueues({}, { logger: app.log, slots });
}

/** Builds the input of runSource for one source. */
export function buildRun(app: AppWithStore, queues: HostQueues, req: RunRequest): RunSourceInput {
  const { source } = req;
  const configured = sourceOptions(source, app.config) as Record<string, unknown>;
  const options = req.optionOverrides
    ? source.options.parse({ ...(app.config.sources[source.id]?.options ?? {}), ...req.optionOverrides })
    : configured;
  const log = app.log.child({ source: source.id });
  const snapshots = new ErrorSnapshotter(path.resolve(app.config.dataDir, 'snapshots'), { logger: log });
  const fetchPage = createPageFetcher({ source, baseUrl: baseUrlOf(app, source), config: app.config, queues, log, snapshots });
  const db = app.store.db;
  return {
    source,
    options,
    frontier: new Frontier(db, app.clock, { workerId: workerId(), leaseMs: app.config.pipeline.leaseMs }),
    fetchPage,
    normalize: (parsed) =>
      normalizeMessage(parsed, { source: source.id, now: app.clock.now(), maskSensitive: app.config.privacy.maskSensitive }),
    repo: new MessageRepository(db, app.clock),
    cases: new CaseAssigner(db, app.clock),
    deadLetters: new DeadLetterRepository(db, app.clock),
    watermarks: new WatermarkRepository(db, app.clock),
    replyDelays: new ReplyDelays(db, source.id),
    statusSweeps: db,
    runs: new RunRepository(db),
    clock: app.clock,
    log,
    budget: { maxFailedPagesRatio: app.config.pipeline.maxFailedPagesRatio, maxConsecutiveParseErrors: app.config.pipeline.maxConsecutiveParseErrors },
    maxAttempts: app.config.pipeline.maxAttempts,
    sweepId: req.sweepId ?? `sweep-${Date.now().toString(36)}`,
    since: req.since,
    until: req.until,
    maxPages: req.maxPages,
    waitForDueMs: app.config.pipeline.leaseMs * 2,
    tasksInFlight: app.config.pipeline.tasksInFlight,
    pingStore: () => db.command({ ping: 1 }),
    // close() then connect() on the same client keeps every Db and Collection handle valid.
    reconnectStore: async () => {
      await app.store.client.close();
      await app.store.client.connect();
    },
    afterOutage: () => sequenceUnevented(db, app.clock),
    signal: req.signal,
    args: req.args ?? {},
  };
}
