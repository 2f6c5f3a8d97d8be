/**
 * `ours`: what the daemon in src/ does, step for step in the model's slots.
 * - Each list is swept when its `nextSweepAt` comes: src/frontier/list-schedule.ts
 *   `sweepInterval` on the rate estimate `updateRate` keeps, at the hour of the week of the
 *   sweep. A busy run notices a due list within RESEED_CHECK_MS (src/pipeline/list-reseed.ts);
 *   a page full of unseen posts is followed by the next.
 * - Detail pages of new posts and list pages come first (the frontier's new-work lane); due
 *   re-visits (src/pipeline/revisit.ts `nextVisit`) take the slots left, in due order,
 *   unanswered messages before answered ones except every ANSWERED_TURN-th re-visit
 *   (src/frontier/frontier.ts lanes).
 * - With nothing due, the spare slot sweeps the list due next early (not within minMs of its
 *   last sweep), else takes the re-visit due soonest early (`spareBudget`, run-source.ts).
 * - A run lasts RUN_MS, or ends after waiting WAIT_FOR_DUE_MS with nothing due; the next
 *   one first spends a slot on the source's warm-up page, counted as a list slot.
 * - Re-visits of an unanswered message wait out the quiet period: a low quantile of the reply
 *   delays seen so far (src/frontier/reply-delays.ts; the backfill's answered messages, then
 *   each message seen answered for the first time), recomputed at most once a model hour.
 * - A list sweep pages on until it reaches the posts the last sweep started from (the list
 *   parsers' watermark), so posts that slid a page down during the sweep are not skipped.
 * - `statusSweep`: src/pipeline/status-sweep.ts (renmin's lists; here the feed): see SrcOptions.
 * - `feed`: one list covers all the host's boards (renmin `feed: site`, the site search,
 *   newest first, `feedRows` per page) instead of one list per board.
 */
import { defaultListSchedule, sweepInterval, updateRate, type ListSchedulePolicy } from '../../src/frontier/list-schedule.js';
import { ANSWERED_TURN } from '../../src/frontier/frontier.js';
import { RESEED_CHECK_MS } from '../../src/pipeline/list-reseed.js';
import { countDelay, defaultQuietPolicy, quietPeriodMs, type QuietPolicy } from '../../src/frontier/reply-delays.js';
import { defaultRevisitPolicy, nextVisit, type RevisitPolicy } from '../../src/pipeline/revisit.js';
import { asMessage, backfilled, fetchDetail, PAGE_SIZE, visitsSoFar, type Observer, type Policy } from './policies.js';
import { countUpTo, HOUR, listPage, MinHeap, newestPage, type World } from './world.js';

/** Model time 0 is a Monday 00:00 in China time; this is one, for the schedule's clock. */
const MONDAY_CST = Date.parse('2026-11-23T00:00:00+08:00');
/** The daemon's waitForDueMs (2 × the 60 s lease): a run waits this long for due work before it ends. */
const WAIT_FOR_DUE_MS = 120_000;
/** The daemon's run length (config daemon.runMinutes). */
const RUN_MS = 3_600_000;

export interface SrcOptions {
  /** One list over all of the host's boards (a site-wide search feed) instead of one per board. */
  feed: boolean;
  /** Rows per page of the feed (renmin `feedRows`). */
  feedRows: number;
  schedule: ListSchedulePolicy;
  revisit: RevisitPolicy;
  /** Re-visits of unanswered messages before those of answered ones (separate frontier lanes). */
  answeredLast: boolean;
  /** With answeredLast: this share of re-visits goes to due answered messages first, so ratings are not starved. */
  answeredShare: number;
  /**
   * A slot with nothing due is not left unused: the list due next is swept early (not within
   * `schedule.minMs` of its last sweep), else the re-visit due next is made early.
   */
  useIdle: boolean;
  /** The quiet period learned from reply delays; null: none (re-visits from the first gap on). */
  quiet: QuietPolicy | null;
  /**
   * Status sweeps (feed only; src/pipeline/status-sweep.ts): every `everyMs` the feed is read
   * from its newest page down to posts `windowMs` old; a row whose status shows a reply (with
   * `ratings`, also a rating; renmin's rows give src none) the store does not have yet sends
   * its message to the detail queue. Status pages and those details come after new work and
   * due lists and before re-visits (src: the new-work lane, in due order), and a status page
   * yields to a list that may be swept early (src: run-source.ts). null: none.
   */
  statusSweep: { everyMs: number; windowMs: number; ratings?: boolean } | null;
}

export const SRC_DEFAULTS: SrcOptions = {
  feed: false,
  feedRows: 100,
  schedule: defaultListSchedule,
  revisit: defaultRevisitPolicy,
  answeredLast: true,
  answeredShare: 1 / ANSWERED_TURN,
  useIdle: true,
  quiet: defaultQuietPolicy,
  statusSweep: null,
};

/** The learned quiet period as the model keeps it (src/frontier/reply-delays.ts ReplyDelays). */
class LearnedQuiet {
  readonly #bins: Record<string, number> = {};
  readonly #counted: Uint8Array;
  #dirty = false;
  #ms = 0;
  #at = -Infinity;
  constructor(
    private readonly world: World,
    private readonly policy: QuietPolicy | null,
  ) {
    this.#counted = new Uint8Array(world.postedAt.length);
  }
  /** Counts a message seen answered (once per message). */
  answered(id: number): void {
    if (!this.policy || this.#counted[id]) return;
    this.#counted[id] = 1;
    countDelay(this.#bins, (this.world.replyAt[id] ?? 0) - (this.world.postedAt[id] ?? 0));
    this.#dirty = true;
  }
  ms(now: number): number {
    if (this.policy && this.#dirty && now - this.#at >= HOUR) {
      this.#ms = quietPeriodMs(this.#bins, this.policy);
      this.#at = now;
      this.#dirty = false;
    }
    return this.#ms;
  }
}

interface ListState {
  rate: number | null;
  sweptAt: number;
  /** Rate before the sweep in progress, and the posts it has found so far. */
  before: number | null;
  found: number;
  /**
   * Posting time of the newest post the last finished sweep saw, and of the sweep in
   * progress: a sweep pages on until it reaches the watermark, as the list parsers do with
   * their `tid` watermark, so posts that slid down a page while it ran are not skipped.
   */
  watermark: number;
  top: number;
}

/** The lists a host offers: one per board, or one feed over all of them. */
interface Lists {
  keys: number[];
  size: number;
  page(key: number, now: number, page: number): number[];
}

function perBoardLists(world: World, boards: readonly number[]): Lists {
  return { keys: [...boards], size: PAGE_SIZE, page: (b, now, page) => listPage(world, b, now, page, PAGE_SIZE) };
}

function feedList(world: World, boards: readonly number[], rows: number): Lists {
  const ids = boards.flatMap((b) => [...(world.postsOf[b] ?? [])]).sort((a, b) => (world.postedAt[a] ?? 0) - (world.postedAt[b] ?? 0));
  const times = Float64Array.from(ids, (id) => world.postedAt[id] ?? 0);
  return {
    keys: [0],
    size: rows,
    page: (_key, now, page) => newestPage(ids, countUpTo(times, now), page, rows),
  };
}

export function srcPolicy(world: World, boards: readonly number[], obs: Observer, seen: Uint8Array, phase: () => number, options: Partial<SrcOptions> = {}): Policy {
  const o = { ...SRC_DEFAULTS, ...options };
  if (o.statusSweep && !o.feed) throw new Error('statusSweep reads the site feed: use it with feed (ours-feed)');
  const lists = o.feed ? feedList(world, boards, o.feedRows) : perBoardLists(world, boards);
  const work: Array<number | { key: number; page: number }> = [];
  /** Per post: 1 once the store holds it answered. */
  const knownReplied = new Uint8Array(world.postedAt.length);
  const knownRated = new Uint8Array(world.postedAt.length);
  /** Per post: 1 while a status sweep has queued its detail. */
  const queued = new Uint8Array(world.postedAt.length);
  /** Details a status sweep found changed, fetched after new work and due lists, before re-visits. */
  const changed: number[] = [];
  /** The status sweep's next page, taken after new work and due lists, like a re-visit. */
  let statusNext: { key: number; page: number } | null = null;
  let statusDue = o.statusSweep ? phase() * o.statusSweep.everyMs : Infinity;
  const open = new MinHeap();
  const answered = new MinHeap();
  const queueOf = (replied: boolean): MinHeap => (replied && o.answeredLast ? answered : open);
  const visits = new Map<number, number>();
  const due = new MinHeap();
  const state = new Map<number, ListState>();
  const at = (t: number): Date => new Date(MONDAY_CST + t);
  // A busy run looks for due lists every RESEED_CHECK_MS.
  const noticed = (t: number): number => Math.ceil(t / RESEED_CHECK_MS) * RESEED_CHECK_MS;
  let lastBusy = 0;
  let runStart = 0;
  let turns = 0;
  const quiet = new LearnedQuiet(world, o.quiet);
  const backlog = backfilled(world, boards, seen);
  for (const id of backlog) if ((world.replyAt[id] ?? Infinity) <= 0) quiet.answered(id);
  for (const id of backlog) {
    const n = visitsSoFar(-(world.postedAt[id] ?? 0));
    visits.set(id, n);
    const replied = (world.replyAt[id] ?? Infinity) <= 0;
    if (replied) knownReplied[id] = 1;
    if ((world.evalAt[id] ?? Infinity) <= 0) knownRated[id] = 1;
    const next = nextVisit(asMessage(world, id, replied, (world.evalAt[id] ?? Infinity) <= 0), n, new Date(0), { ...o.revisit, quietMs: quiet.ms(0) });
    if (next) queueOf(replied).push(next.getTime() * phase(), id);
  }
  // The backfill finished at time 0; no incremental sweep has measured a rate yet.
  for (const k of lists.keys) {
    state.set(k, { rate: null, sweptAt: 0, before: null, found: 0, watermark: 0, top: 0 });
    due.push(phase() * sweepInterval(null, at(0), o.schedule), k);
  }
  const statusPage = (k: number, page: number, now: number): void => {
    const ids = lists.page(k, now, page);
    for (const id of ids) {
      const rowRated = o.statusSweep?.ratings === true && !knownRated[id] && (world.evalAt[id] ?? Infinity) <= now;
      if (seen[id] && !queued[id] && ((!knownReplied[id] && (world.replyAt[id] ?? Infinity) <= now) || rowRated)) {
        queued[id] = 1;
        changed.push(id);
      }
    }
    const oldest = ids.length > 0 ? Math.min(...ids.map((id) => world.postedAt[id] ?? 0)) : -Infinity;
    statusNext = ids.length === lists.size && oldest > now - (o.statusSweep?.windowMs ?? 0) ? { key: k, page: page + 1 } : null;
  };
  const sweep = (k: number, page: number, now: number): void => {
    const s = state.get(k) as ListState;
    if (page === 1) {
      s.before = s.rate;
      s.found = 0;
    }
    let fresh = 0;
    const ids = lists.page(k, now, page);
    if (page === 1) s.top = Math.max(s.watermark, ...ids.map((id) => world.postedAt[id] ?? 0));
    let reached = false;
    for (const id of ids) {
      if ((world.postedAt[id] ?? 0) <= s.watermark) reached = true;
      if (seen[id]) continue;
      seen[id] = 1;
      fresh++;
      work.push(id);
    }
    s.found += fresh;
    if (!reached && ids.length === lists.size) return void work.push({ key: k, page: page + 1 });
    s.watermark = s.top;
    // The sweep reached known posts: measure the rate and schedule the next sweep.
    s.rate = updateRate(s.before, s.found, now - s.sweptAt, o.schedule);
    s.sweptAt = now;
    due.push(noticed(now + sweepInterval(s.rate, at(now), o.schedule)), k);
  };
  return {
    step(now) {
      const hasWork = work.length > 0 || changed.length > 0 || statusNext !== null || (o.statusSweep !== null && statusDue <= now) || due.peekKey() <= now || open.peekKey() <= now || answered.peekKey() <= now;
      const spare = !hasWork && o.useIdle && (due.size > 0 || open.size > 0 || answered.size > 0);
      if (!hasWork && !spare) return void obs.spent('idle');
      // Idle past the wait, or the run's time is up: the next run warms up first.
      if (now - lastBusy > WAIT_FOR_DUE_MS || now - runStart >= RUN_MS) {
        runStart = now;
        lastBusy = now;
        return void obs.spent('list');
      }
      lastBusy = now;
      if (spare) return early(now);
      const next = work.shift();
      if (typeof next === 'number') return void (obs.spent('detail'), visit(next, now));
      if (next) return void (obs.spent('list'), sweep(next.key, next.page, now));
      if (due.peekKey() <= now) return void (obs.spent('list'), sweep(due.pop(), 1, now));
      if (o.statusSweep && statusDue <= now) {
        statusDue = now + o.statusSweep.everyMs;
        obs.spent('list');
        return statusPage(lists.keys[0] ?? 0, 1, now);
      }
      if (changed.length > 0) return void (obs.spent('revisit'), visit(changed.shift() as number, now));
      if (statusNext) {
        // A status page yields to a list that may be swept early, as a spare slot would.
        const k = due.size > 0 ? due.peekValue() : null;
        if (k !== null && now - (state.get(k)?.sweptAt ?? 0) >= o.schedule.minMs) return void (due.pop(), obs.spent('list'), sweep(k, 1, now));
        return void (obs.spent('list'), statusPage(statusNext.key, statusNext.page, now));
      }
      obs.spent('revisit');
      visit(revisitLane(now).pop(), now);
    },
  };
  /** The lane of the next due re-visit: answered ones get every 1/answeredShare-th turn. */
  function revisitLane(now: number): MinHeap {
    turns++;
    const answeredTurn = o.answeredShare > 0 && turns % Math.round(1 / o.answeredShare) === 0;
    if (answeredTurn && answered.peekKey() <= now) return answered;
    return open.peekKey() <= now ? open : answered;
  }
  function early(now: number): void {
    const k = due.size > 0 ? due.peekValue() : null;
    if (k !== null && now - (state.get(k)?.sweptAt ?? 0) >= o.schedule.minMs) {
      due.pop();
      obs.spent('list');
      return sweep(k, 1, now);
    }
    const q = open.size > 0 ? open : answered.size > 0 ? answered : null;
    if (!q) return void obs.spent('idle');
    obs.spent('revisit');
    visit(q.pop(), now);
  }
  function visit(id: number, now: number): void {
    const { replied, rated } = fetchDetail(world, id, now, obs);
    if (replied) quiet.answered(id);
    if (replied) knownReplied[id] = 1;
    if (rated) knownRated[id] = 1;
    queued[id] = 0;
    const n = visits.get(id) ?? 0;
    visits.set(id, n + 1);
    const next = nextVisit(asMessage(world, id, replied, rated), n, new Date(now), { ...o.revisit, quietMs: quiet.ms(now) });
    if (next) queueOf(replied).push(next.getTime(), id);
    else visits.delete(id);
  }
}

