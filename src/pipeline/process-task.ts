/**
 * One claimed task through the stages: fetch → parse → (follow links into the frontier) →
 * normalize → store. Failures are classified once and handled by their disposition.
 */
import { createHash } from 'node:crypto';

import type { z } from 'zod';

import type { Claim, Frontier, RevisitLane } from '../frontier/frontier.js';
import type { TaskDoc } from '../frontier/schemas.js';
import { ListRowStateSchema, TaskSchema, type ListCheckpoint, type ParseResult, type Task } from '../sources/define-source.js';
import type { AnySource } from '../sources/registry.js';
import { classify } from '../shared/classify.js';
import type { Clock } from '../shared/clock.js';
import { Disposition, ParseError, StoreError, type PipelineError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { ParsedMessageSchema, type FetchedPage, type NormalizedMessage, type ParsedMessage } from '../shared/types.js';
import type { CaseAssigner } from '../dedup/case-assigner.js';
import { replyDelayOf, type ReplyDelays } from '../frontier/reply-delays.js';
import type { WatermarkRepository } from '../frontier/watermarks.js';
import type { DeadLetterRepository } from '../store/dead-letters.js';
import type { MessageRepository, StoreResult } from '../store/message-repository.js';
import type { ErrorBudget } from './error-budget.js';
import type { PageFetcher } from './page-fetcher.js';
import { defaultRevisitPolicy, isAnswered, nextVisit } from './revisit.js';
import { refreshChanged } from './status-sweep.js';
import type { RunSummary } from './run-summary.js';

export interface TaskDeps {
  source: AnySource;
  options: unknown;
  frontier: Frontier;
  fetchPage: PageFetcher;
  normalize: (parsed: ParsedMessage) => NormalizedMessage;
  repo: MessageRepository;
  /** Puts every stored message into exactly one case (near-duplicates share one). */
  cases: CaseAssigner;
  deadLetters: DeadLetterRepository;
  /** Per-list watermarks of incremental sources; absent means every sweep lists to its end. */
  watermarks?: WatermarkRepository | undefined;
  /** The source's learned reply delays: no re-visit of a message too young to be answered. */
  replyDelays?: ReplyDelays | undefined;
  /** This run's list sweeps started from the stored watermarks (not a `since` window). */
  incrementalSweep?: boolean;
  clock: Clock;
  log: Logger;
  summary: RunSummary;
  budget: ErrorBudget;
  runId: string;
  /** Keys of tasks without their own key are scoped to this sweep (see frontierTasks). */
  sweepId: string;
  maxAttempts: number;
  signal?: AbortSignal | undefined;
}

/**
 * Tasks with an explicit key (a message's detail page) are global: re-finding them later
 * does not fetch them again. Tasks without one (list pages) belong to this sweep.
 */
export function frontierTasks(tasks: Task[], sweepId: string): Task[] {
  return tasks.map((t) => {
    if (t.key) return t;
    const body = JSON.stringify([t.method ?? 'GET', t.path, t.form ?? null, t.json ?? null]);
    return { ...t, key: `${sweepId}:${createHash('sha1').update(body).digest('hex').slice(0, 20)}` };
  });
}

/**
 * The sweep a task keyed by frontierTasks belongs to, or null for a task with its own key.
 * A list's next pages belong to the sweep of its first: a daemon run sweeps a list more than
 * once, and a page-numbered list asks for the same page 2 every time.
 */
export function sweepOfKey(key: string): string | null {
  const m = /^(.+):[0-9a-f]{20}$/.exec(key);
  return m ? (m[1] ?? null) : null;
}

/**
 * A cut-off HTML page can still yield every selector with half a body, which would be stored
 * as a wrong record. These boards render whole documents server-side, so an HTML page
 * without its closing tag is treated as truncated.
 */
export function assertComplete(page: FetchedPage): void {
  const type = page.headers['content-type'] ?? '';
  const looksHtml = type.includes('html') || /^\s*(<!doctype html|<html)/i.test(page.text.slice(0, 200));
  if (looksHtml && page.text.lastIndexOf('</html') === -1 && page.text.lastIndexOf('</HTML') === -1) {
    throw new ParseError('HTML page ends before </html> (truncated response)', { code: 'ERR_PARSE_TRUNCATED' });
  }
}

/** Parses a fetched page with the source's parser and checks what it returned. */
export function parsePage(source: AnySource, task: TaskDoc, page: FetchedPage, options: unknown): ParseResult {
  assertComplete(page);
  const parse = source.parse[task.kind];
  if (!parse) throw new ParseError(`Source ${source.id} has no parser for page kind "${task.kind}"`, { code: 'ERR_PARSE_KIND' });
  const resolved = TaskSchema.parse({ ...task, form: task.form ?? undefined, json: task.json ?? undefined, headers: task.headers ?? undefined });
  const result = parse(page, { task: resolved, options, fetchedAt: page.fetchedAt });
  checkShapes(ParsedMessageSchema, result.messages, 'message');
  checkShapes(ListRowStateSchema, result.rows ?? [], 'list row state');
  return result;
}

/** A parser's output that does not fit its schema is a parse error naming the bad fields. */
function checkShapes(schema: z.ZodType, items: readonly unknown[], what: string): void {
  for (const item of items) {
    const checked = schema.safeParse(item);
    if (!checked.success) {
      const paths = checked.error.issues.map((i) => i.path.join('.')).join(', ');
      throw new ParseError(`Parser returned an invalid ${what} (${paths})`, { code: 'ERR_PARSE_SHAPE' });
    }
  }
}

/**
 * Fetches and parses a page. A page that fails to parse is fetched once more at once: a cut-off
 * or garbled response is usually a one-off, while a changed layout fails again and goes on to
 * the dead letters.
 */
async function fetchAndParse(claim: Claim, deps: TaskDeps, keep: (page: FetchedPage) => void): Promise<ParseResult> {
  for (let attempt = 1; ; attempt++) {
    const page = await deps.fetchPage(claim.task, deps.signal);
    keep(page);
    deps.summary.add('pages');
    try {
      return parsePage(deps.source, claim.task, page, deps.options);
    } catch (err) {
      if (!(err instanceof ParseError) || attempt >= 2) throw err;
      deps.summary.error(err.code);
      deps.log.warn({ code: err.code, kind: claim.task.kind, path: claim.task.path }, 'page did not parse, fetching it again');
    }
  }
}

/** Runs one claimed task to completion, failure, deferral or dead letter. */
export async function processTask(claim: Claim, deps: TaskDeps): Promise<void> {
  const { task } = claim;
  let page: FetchedPage | undefined;
  try {
    const result = await fetchAndParse(claim, deps, (p) => (page = p));
    await deps.frontier.add(deps.source.id, frontierTasks(result.follow, sweepOfKey(task.key) ?? deps.sweepId));
    if (result.rows) {
      const check = await refreshChanged(result.rows, deps);
      deps.summary.add('statusChanged', check.changed);
      if (check.changed > 0) deps.log.debug({ rows: result.rows.length, ...check, path: task.path }, 'status sweep page: changed messages brought forward');
    }
    // After the detail tasks are in the frontier: a crash from here on loses nothing.
    if (result.checkpoint && deps.watermarks) await commitWatermark(deps.watermarks, result.checkpoint, deps);
    const revisit = await storeMessages(result.messages, task, deps);
    deps.budget.success();
    await deps.frontier.complete(claim, revisit?.at ?? null, revisit?.lane);
  } catch (err) {
    if (deps.signal?.aborted) {
      // Stopped by the user: hand the task back at once so a re-run can take it.
      await deps.frontier.defer(claim, deps.clock.now());
      throw err;
    }
    const error = classify(err, 'record');
    // The store itself failed: no bookkeeping is possible; the run loop waits for it.
    if (error instanceof StoreError) throw error;
    await handleFailure(claim, error, page, deps);
  }
}

async function commitWatermark(watermarks: WatermarkRepository, cp: ListCheckpoint, deps: TaskDeps): Promise<void> {
  const { before, after } = await watermarks.commit(deps.source.id, cp, deps.runId, { incremental: deps.incrementalSweep === true });
  const facts = { scope: cp.scope, ended: cp.ended, top: cp.top, cutAt: cp.cutAt, before, after };
  if (after > before) deps.log.debug(facts, 'list watermark raised');
  // A sweep that keeps hitting its page limit above the watermark never closes its gap.
  else if (cp.ended === 'limit' && before > 0) deps.log.warn(facts, 'list sweep hit its page limit above the watermark; raise maxPages or run more often');
}

/** Stores the page's messages; returns when to look again and in which lane (null: settled). */
async function storeMessages(messages: ParsedMessage[], task: TaskDoc, deps: TaskDeps): Promise<{ at: Date; lane: RevisitLane } | null> {
  let revisit = null as { at: Date; lane: RevisitLane } | null;
  for (const parsed of messages) {
    const message = deps.normalize(parsed);
    deps.summary.add('messages');
    // A new message's event goes into the log with its case's events (one append). A task's
    // first try sees its messages for the first time: every source takes messages from
    // detail pages only, and a list page only links them. A message stored after all costs
    // two extra writes, never a wrong record (UpsertOptions.firstSighting).
    const res = await deps.repo.upsert(message, { deferNewEvent: true, firstSighting: task.visits === 0 && task.attempts === 0 });
    await deps.cases.assign(message, res);
    deps.summary.add(res.outcome);
    await learnReplyDelay(message, res, deps);
    const policy = { ...defaultRevisitPolicy, quietMs: deps.replyDelays?.quietMs() ?? 0 };
    const next = nextVisit(message, task.visits, deps.clock.now(), policy);
    if (!next) continue;
    // A page with any unanswered message on it stays in the unanswered lane.
    const lane: RevisitLane = isAnswered(message) && revisit?.lane !== 'open' ? 'answered' : 'open';
    revisit = { at: !revisit || next < revisit.at ? next : revisit.at, lane };
  }
  return revisit;
}

async function learnReplyDelay(message: NormalizedMessage, res: StoreResult, deps: TaskDeps): Promise<void> {
  if (!deps.replyDelays || !res.firstReplied) return;
  const delay = replyDelayOf(message);
  if (delay !== null) await deps.replyDelays.record(delay, deps.clock.now());
}

async function handleFailure(claim: Claim, error: PipelineError, page: FetchedPage | undefined, deps: TaskDeps): Promise<void> {
  const { task } = claim;
  const now = deps.clock.now();
  const facts = { err: error, code: error.code, kind: task.kind, path: task.path, attempt: task.attempts + 1 };
  deps.summary.error(error.code);
  switch (error.disposition) {
    case Disposition.Defer: {
      const waitMs = (error as { retryAfterMs?: number }).retryAfterMs ?? 60_000;
      deps.log.warn({ ...facts, waitMs }, 'rate limited, task deferred');
      deps.summary.add('deferred');
      await deps.frontier.defer(claim, new Date(now.getTime() + waitMs));
      return;
    }
    case Disposition.Skip:
      return skip(claim, error, page, deps);
    case Disposition.Retry: {
      deps.budget.failure(false);
      const retryAt = new Date(now.getTime() + Math.min(3_600_000, 30_000 * 2 ** task.attempts));
      const outcome = await deps.frontier.fail(claim, { code: error.code, message: error.message }, retryAt, deps.maxAttempts);
      deps.summary.add('failed');
      if (outcome === 'dead') await deadLetter(claim, error, page, deps);
      else deps.log.warn(facts, 'task failed, will retry');
      return;
    }
    default:
      throw error;
  }
}

async function skip(claim: Claim, error: PipelineError, page: FetchedPage | undefined, deps: TaskDeps): Promise<void> {
  if (error.code === 'ERR_HTTP_404' || error.code === 'ERR_HTTP_410' || error.name === 'NotFoundError') {
    deps.log.info({ code: error.code, path: claim.task.path }, 'page gone, task closed');
    deps.summary.add('skipped');
    deps.budget.success();
    await deps.frontier.complete(claim, null);
    return;
  }
  // Parse and record errors do not heal by retrying: keep the bytes and stop this task.
  deps.budget.failure(error instanceof ParseError);
  deps.summary.add('failed');
  await deps.frontier.fail(claim, { code: error.code, message: error.message }, deps.clock.now(), 1);
  await deadLetter(claim, error, page, deps);
}

async function deadLetter(claim: Claim, error: PipelineError, page: FetchedPage | undefined, deps: TaskDeps): Promise<void> {
  deps.summary.add('deadLettered');
  deps.log.error({ err: error, code: error.code, kind: claim.task.kind, path: claim.task.path }, 'page failed permanently');
  await deps.deadLetters.add({
    source: deps.source.id,
    url: page?.url ?? claim.task.path,
    kind: claim.task.kind,
    error,
    attempts: claim.task.attempts + 1,
    page,
    runId: deps.runId,
  });
}
