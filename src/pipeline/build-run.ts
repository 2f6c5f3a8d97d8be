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
import { normalizeMessage } from '../normalize/message.js';
import { sourceOptions, type AnySource } from '../sources/registry.js';
import { DeadLetterRepository } from '../store/dead-letters.js';
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

/** A sweep id that is the same for the same crawl request, so re-running it resumes. */
export function resumableSweepId(parts: Record<string, unknown>): string {
  return `sweep-${createHash('sha1').update(JSON.stringify(parts)).digest('hex').slice(0, 16)}`;
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
    frontier: new Frontier(db, app.clock, { workerId: `${os.hostname()}:${process.pid}`, leaseMs: app.config.pipeline.leaseMs }),
    fetchPage,
    normalize: (parsed) =>
      normalizeMessage(parsed, { source: source.id, now: app.clock.now(), maskSensitive: app.config.privacy.maskSensitive }),
    repo: new MessageRepository(db, app.clock),
    cases: new CaseAssigner(db, app.clock),
    deadLetters: new DeadLetterRepository(db, app.clock),
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
    pingStore: () => db.command({ ping: 1 }),
    signal: req.signal,
    args: req.args ?? {},
  };
}
