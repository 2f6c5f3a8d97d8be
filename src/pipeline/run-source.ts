/**
 * One source run: seed the frontier, then claim and process due tasks until none is left,
 * the page limit is reached, the error budget runs out, or the run is stopped. The run is
 * recorded in `runs`. Running it again with the same sweep id continues where it stopped.
 */
import { randomUUID } from 'node:crypto';

import type { Db } from 'mongodb';

import type { Claim, Frontier } from '../frontier/frontier.js';
import { classify } from '../shared/classify.js';
import { StoreError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { RunRepository } from '../store/runs.js';
import { ErrorBudget, type ErrorBudgetOptions } from './error-budget.js';
import type { WatermarkDoc } from '../frontier/schemas.js';
import { scopesNotDue, watermarkValues } from '../frontier/watermarks.js';
import type { Task } from '../sources/define-source.js';
import { defaultListSchedule } from '../frontier/list-schedule.js';
import { ListReseeder } from './list-reseed.js';
import { StatusSweeper } from './status-sweep.js';
import { frontierTasks, processTask, type TaskDeps } from './process-task.js';
import { RunSummary } from './run-summary.js';

export interface RunSourceInput extends Omit<TaskDeps, 'summary' | 'budget' | 'runId' | 'log'> {
  log: Logger;
  runs: RunRepository;
  budget: ErrorBudgetOptions;
  since: Date | null;
  until: Date | null;
  /** Stop after this many pages. */
  maxPages?: number | undefined;
  /** Wait for tasks due within this long (retry backoff) before ending the run. @default 0 */
  waitForDueMs?: number;
  args?: Record<string, string | number | boolean | null>;
  sleep?: (ms: number) => Promise<void>;
  /** Answers when the store is reachable; used to wait out an outage. */
  pingStore?: () => Promise<unknown>;
  /**
   * Drops and reopens the store client's connections. Called while waiting out an outage
   * after pings keep failing: a driver whose server came back on the same address was seen
   * to keep failing on a dead pooled connection without ever opening a new one.
   */
  reconnectStore?: () => Promise<unknown>;
  /** Run once the store is back after an outage (logs events a cut-off write left pending). */
  afterOutage?: () => Promise<unknown>;
  /** Longest store outage a run waits out before it gives up. @default 30 min */
  storeOutageMaxMs?: number;
  /** Sweep each list only when due by its posting rate (daemon runs). @default false */
  adaptiveLists?: boolean;
  /**
   * Daemon runs: when nothing is due, spend the request budget anyway: sweep the list due
   * next (not within the list schedule's minMs of its last sweep), else look at the re-visit
   * due soonest. Such a run seldom runs out of work, so it ends after `maxRunMs` and reports
   * itself due again at once (one `runs` record per `maxRunMs`). @default false
   */
  spareBudget?: boolean;
  /** End the run after this long; with spareBudget the scheduler starts the next one at once. */
  maxRunMs?: number;
  /**
   * Tasks processed at once (config `pipeline.tasksInFlight`): while one page is being stored
   * the next is fetched. Requests still obey the host's concurrency and interval. @default 1
   */
  tasksInFlight?: number;
  /** Called after every task with the running counts (progress display). */
  onProgress?: (summary: RunSummary) => void;
  /**
   * The database that marks started status sweeps (`status_sweeps`): runs that are not
   * backfills sweep the list's statuses when the source's options ask for it
   * (src/pipeline/status-sweep.ts). Absent: no status sweeps.
   */
  statusSweeps?: Db | undefined;
}

export interface RunResult {
  runId: string;
  state: 'finished' | 'failed' | 'interrupted';
  reason: string | null;
  summary: RunSummary;
  /**
   * Daemon runs that finished: when the source has work again (a list sweep or a queued
   * task comes due), so the scheduler can start the next run then instead of at its cron tick.
   */
  nextDueAt?: Date | null;
}

/** Runs one source to the end of its due work. */
export async function runSource(input: RunSourceInput): Promise<RunResult> {
  const runId = randomUUID();
  const summary = new RunSummary(input.clock.now());
  const log = input.log.child({ runId, source: input.source.id });
  // Incremental sources stop paging at what earlier runs listed. A backfill (`since`) lists
  // its whole window instead: the frontier's detail keys keep it from fetching known messages twice.
  const { incremental: trait } = input.source;
  const incremental = input.since === null && trait && input.watermarks ? { trait, repo: input.watermarks } : null;
  const stored = incremental ? await incremental.repo.load(input.source.id) : [];
  const options = incremental ? incremental.trait.withWatermarks(input.options, watermarkValues(stored)) : input.options;
  if (stored.length > 0) log.debug({ watermarks: watermarkValues(stored) }, 'incremental sweep from stored watermarks');
  if (input.replyDelays) {
    await input.replyDelays.load();
    log.debug({ quietHours: input.replyDelays.quietMs() / 3_600_000 }, 'reply delays loaded');
  }
  const deps: TaskDeps = { ...input, options, runId, summary, log, budget: new ErrorBudget(input.budget), incrementalSweep: incremental !== null };
  await input.runs.start({ _id: runId, source: input.source.id, sweepId: input.sweepId, args: input.args ?? {}, startedAt: summary.startedAt });
  const allSeeds = input.source.seeds({ options, since: input.since, until: input.until });
  const seeds = dueSeeds(input, allSeeds, stored);
  const added = await input.frontier.add(input.source.id, frontierTasks(seeds.due, input.sweepId), 0);
  log.info({ seeds: seeds.due.length, notDue: seeds.skipped, added, sweepId: input.sweepId }, 'source run started');
  const reseeder =
    input.adaptiveLists && incremental
      ? new ListReseeder(
          { source: input.source, options: input.options, watermarks: incremental.repo, frontier: input.frontier, clock: input.clock, log, sweepId: input.sweepId, minSweepGapMs: defaultListSchedule.minMs },
          allSeeds,
          seeds.due,
        )
      : null;
  const statusSweeper =
    input.statusSweeps && input.since === null
      ? StatusSweeper.create({ db: input.statusSweeps, source: input.source, options, frontier: input.frontier, clock: input.clock, log, sweepId: input.sweepId })
      : null;
  let state: RunResult['state'] = 'finished';
  let reason: string | null = null;
  try {
    reason = await loop(deps, input, reseeder, statusSweeper);
    if (input.signal?.aborted) state = 'interrupted';
    else if (reason) state = 'failed';
  } catch (err) {
    state = input.signal?.aborted ? 'interrupted' : 'failed';
    reason = err instanceof Error ? err.message : String(err);
    if (state === 'failed') log.error({ err }, 'source run aborted');
  }
  await flushReplyDelays(input, log);
  await input.runs.finish(runId, state, summary, input.clock.now(), reason);
  const durationMs = input.clock.now().getTime() - summary.startedAt.getTime();
  const rolled = state === 'finished' && input.spareBudget === true && ranOut(input, summary);
  const nextDueAt = rolled ? input.clock.now() : reseeder && state === 'finished' ? await nextWork(input, reseeder) : undefined;
  log.info({ ...summary.counts, errorsByCode: summary.errorsByCode, state, durationMs, nextDueAt }, 'source run finished');
  return { runId, state, reason, summary, ...(nextDueAt !== undefined ? { nextDueAt } : {}) };
}

/** Writes the run's last reply-delay samples; a statistic, so a failure is only logged. */
async function flushReplyDelays(input: RunSourceInput, log: Logger): Promise<void> {
  try {
    await input.replyDelays?.flush(input.clock.now());
  } catch (err) {
    log.warn({ err: classify(err) }, 'reply delays not written');
  }
}

/** The run has used up its maxRunMs. */
function ranOut(input: RunSourceInput, summary: RunSummary): boolean {
  return input.maxRunMs !== undefined && input.clock.now().getTime() - summary.startedAt.getTime() >= input.maxRunMs;
}

/** The earlier of two times in ms, either of which may be unknown (null). */
function earliest(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

/** The earlier of the next list sweep and the next queued task of the source. */
async function nextWork(input: RunSourceInput, reseeder: ListReseeder): Promise<Date | null> {
  const list = await reseeder.refresh();
  const task = (await input.frontier.nextDue(input.source.id))?.getTime() ?? null;
  const next = earliest(list, task);
  return next === null ? null : new Date(next);
}

/**
 * With `adaptiveLists` (the daemon), lists whose next sweep is not due yet are left out:
 * each list is swept at the pace of its own observed posting rate.
 */
function dueSeeds(input: RunSourceInput, seeds: Task[], stored: readonly WatermarkDoc[]): { due: Task[]; skipped: number } {
  if (!input.adaptiveLists) return { due: seeds, skipped: 0 };
  const notDue = scopesNotDue(stored, input.clock.now());
  const due = seeds.filter((t) => typeof t.meta?.scope !== 'string' || !notDue.has(t.meta.scope));
  return { due, skipped: seeds.length - due.length };
}

/** A task that ended in a store outage, to be handed back once the store answers. */
interface Outage {
  err: unknown;
  claim: Claim;
}

/**
 * Claims tasks and processes up to `tasksInFlight` of them at once; returns why it stopped
 * early (budget), or null. One dispatcher claims, polls and waits, so those steps run in the
 * order a single worker runs them; only processTask overlaps (fetching one page while the
 * pages before it are stored). Requests still obey the host queue's concurrency and interval.
 */
async function loop(deps: TaskDeps, input: RunSourceInput, reseeder: ListReseeder | null, statusSweeper: StatusSweeper | null): Promise<string | null> {
  const width = input.tasksInFlight ?? 1;
  const running = new Set<Promise<void>>();
  const outages: Outage[] = [];
  const failures: unknown[] = [];
  const start = (claim: Claim): void => {
    const task: Promise<void> = processTask(claim, deps)
      .then(
        () => input.onProgress?.(deps.summary),
        (err: unknown) => {
          if (isStoreOutage(err) && !input.signal?.aborted) outages.push({ err, claim });
          else failures.push(err);
        },
      )
      .finally(() => running.delete(task));
    running.add(task);
  };
  try {
    for (;;) {
      if (failures.length > 0) throw failures[0];
      const outage = outages.shift();
      if (outage) {
        await recoverFromOutage(deps, input, outage.err, outage.claim);
        continue;
      }
      const exceeded = deps.budget.exceeded();
      if (exceeded) {
        deps.log.error({ reason: exceeded }, 'error budget exceeded, source stopped');
        return exceeded;
      }
      if (input.signal?.aborted) return null;
      // Tasks in flight count against the page limit: each fetches at least one page. At a
      // limit the run ends once they are done, so their failures still count (above).
      const limited = (input.maxPages !== undefined && deps.summary.counts.pages + running.size >= input.maxPages) || ranOut(input, deps.summary);
      if (limited && running.size === 0) return null;
      if (limited || running.size >= width) {
        await Promise.race(running);
        continue;
      }
      let claim: Claim | null = null;
      try {
        const next = await claimNext(deps, input, reseeder, statusSweeper);
        if (next === 'again') continue;
        if (!next) {
          // A task in flight may still add work (a list page's details): wait for it first.
          if (running.size > 0) await Promise.race(running);
          else if (!(await waitForDue(input.frontier, deps, input, reseeder?.nextDue() ?? null))) return null;
          continue;
        }
        claim = next;
        // A status sweep keeps the frontier busy for a long while, so the spare-budget sweep of a
        // list (below minSweepGapMs never) would not happen: its pages yield to such a sweep.
        if (claim.task.meta.statusSweep === true && input.spareBudget && reseeder && (await reseeder.sweepEarly()) > 0) {
          await deps.frontier.defer(claim, input.clock.now());
          continue;
        }
      } catch (err) {
        if (!isStoreOutage(err) || input.signal?.aborted) throw err;
        await recoverFromOutage(deps, input, err, claim);
        continue;
      }
      start(claim);
    }
  } finally {
    // Tasks in flight finish (an abort hands them back) before the run is recorded.
    await Promise.allSettled(running);
  }
}

/** The next task to process, null when none is claimable, or 'again' when list sweeps were just seeded. */
async function claimNext(deps: TaskDeps, input: RunSourceInput, reseeder: ListReseeder | null, statusSweeper: StatusSweeper | null): Promise<Claim | null | 'again'> {
  await reseeder?.poll();
  await statusSweeper?.poll();
  const claim = await deps.frontier.claim(deps.source.id);
  if (claim) return claim;
  if (reseeder && (await reseeder.poll(true)) > 0) return 'again';
  if (!input.spareBudget) return null;
  if (reseeder && (await reseeder.sweepEarly()) > 0) return 'again';
  return deps.frontier.claimEarly(deps.source.id);
}

function isStoreOutage(err: unknown): boolean {
  const e = classify(err);
  return e instanceof StoreError && e.code === 'ERR_STORE_TRANSIENT';
}

/**
 * Waits out a store outage and hands the interrupted task back (its page is fetched again
 * and stored idempotently). The first operations after a restart can still fail on pooled
 * connections to the old server, so handing back is retried through the same wait.
 */
async function recoverFromOutage(deps: TaskDeps, input: RunSourceInput, cause: unknown, claim: Claim | null): Promise<void> {
  for (let err = cause; ; ) {
    await waitForStore(deps, input, err);
    try {
      if (claim) await deps.frontier.defer(claim, deps.clock.now());
      // A task inserted just before the outage may have lost its queue pointer (the insert
      // landed, the pointer push did not): re-point due tasks so this run still finds it.
      await deps.frontier.repairDue(deps.source.id);
      await input.afterOutage?.();
      return;
    } catch (next) {
      if (!isStoreOutage(next) || input.signal?.aborted) throw next;
      err = next;
    }
  }
}

/** Pings the store with backoff until it answers; gives up after storeOutageMaxMs. */
export async function waitForStore(deps: Pick<TaskDeps, 'log'>, input: RunSourceInput, cause: unknown): Promise<void> {
  const ping = input.pingStore;
  if (!ping) throw cause;
  const started = Date.now();
  const limit = input.storeOutageMaxMs ?? 30 * 60_000;
  deps.log.warn({ err: classify(cause), limitMs: limit }, 'store unreachable, waiting for it');
  const sleep = input.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  for (let delay = 500, failed = 0; ; delay = Math.min(delay * 2, 15_000)) {
    if (input.signal?.aborted) throw cause;
    try {
      await ping();
      deps.log.info({ waitedMs: Date.now() - started }, 'store reachable again, resuming');
      return;
    } catch (err) {
      if (Date.now() - started > limit) throw err;
      deps.log.debug({ err: classify(err), delayMs: delay }, 'store still unreachable');
      failed++;
      if (failed % RECONNECT_AFTER_FAILED_PINGS === 0 && input.reconnectStore) await reconnect(deps, input.reconnectStore);
      await sleep(delay);
    }
  }
}

/** Failed pings in a row after which the store client is reopened (then again every as many). */
const RECONNECT_AFTER_FAILED_PINGS = 3;

async function reconnect(deps: Pick<TaskDeps, 'log'>, reopen: () => Promise<unknown>): Promise<void> {
  try {
    await reopen();
    deps.log.info('store client reopened while waiting for the store');
  } catch (err) {
    // Still down: the next ping says so; the loop keeps waiting.
    deps.log.debug({ err: classify(err) }, 'store client could not reopen yet');
  }
}

/** How often a run looks again at due tasks it could not claim (leased elsewhere). */
const DUE_POLL_MS = 250;

/**
 * Sleeps until the next queued task (or, in a daemon run, the next list sweep at `listDueMs`)
 * is due, if that is soon enough; false when there is none.
 */
async function waitForDue(frontier: Frontier, deps: TaskDeps, input: RunSourceInput, listDueMs: number | null): Promise<boolean> {
  const limit = input.waitForDueMs ?? 0;
  if (limit <= 0) return false;
  const task = (await frontier.nextDue(deps.source.id))?.getTime() ?? null;
  const next = earliest(task, listDueMs);
  if (next === null) return false;
  const waitMs = next - deps.clock.now().getTime();
  if (waitMs > limit) return false;
  const sleep = input.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  if (waitMs <= 0) {
    // Due, yet nothing was claimable: another worker holds it, or a killed worker left it
    // without a queue pointer. Re-point due tasks, and poll gently while leases run out.
    const repaired = await frontier.repairDue(deps.source.id);
    deps.log.debug({ repaired }, 'due tasks not claimable; re-pointed them');
    await sleep(DUE_POLL_MS);
    return true;
  }
  await sleep(waitMs);
  return true;
}

