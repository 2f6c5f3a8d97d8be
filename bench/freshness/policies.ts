/**
 * The crawl policies the freshness model compares. Each host gets one request every
 * `gapMs`; at each slot a policy names one request (a list page or a detail page) and
 * learns what that page shows at that instant.
 *
 * - `ours` (OursTuning): discovered details first; then due re-visits (src/pipeline/revisit.ts
 *   nextVisit), within a share of the slots; otherwise a list sweep, stride-scheduled so
 *   that each board's sweep frequency follows its observed posting rate (to a power). A
 *   list page full of unseen posts is followed by the next page, as our list parsers do.
 *   PROPOSED and PROPORTIONAL below are the two variants the benchmark reports.
 * - `rr`: the newest-page loop of existing scrapers: boards in a fixed cycle, page 1 only,
 *   details of unseen posts; with `revisit`, every other slot re-fetches the open message at
 *   the head of a FIFO ring (round-robin re-visits) instead of the next list page.
 */
import { defaultRevisitPolicy, nextVisit, type RevisitPolicy } from '../../src/pipeline/revisit.js';
import type { NormalizedMessage } from '../../src/shared/types.js';
import { DAY, HOUR, hourOfWeek, listPage, MinHeap, weeklyProfile, type World } from './world.js';

export const PAGE_SIZE = 15;
/** Re-visit tokens saved at most (a short burst after a busy spell, not a night's worth). */
const MAX_TOKENS = 20;

type Revisitable = Pick<NormalizedMessage, 'status' | 'evaluation' | 'postedAt'>;

export type SlotUse = 'list' | 'detail' | 'revisit' | 'idle';

/** What a slot fetched; the model records when each post and reply reached the store. */
export interface Observer {
  storedPost(id: number, at: number): void;
  sawReply(id: number, at: number): void;
  sawRating(id: number, at: number): void;
  /** Counts the slot by what it was used for ('idle': no request), to show where each policy spends its budget. */
  spent(kind: SlotUse): void;
}

export interface Policy {
  /** Performs the request of the slot at time `now`. */
  step(now: number): void;
}

/** Detail page of post `id` at `now`: stores it and any reply already there. */
export function fetchDetail(world: World, id: number, now: number, obs: Observer): { replied: boolean; rated: boolean } {
  obs.storedPost(id, now);
  const replied = (world.replyAt[id] ?? Infinity) <= now;
  if (replied) obs.sawReply(id, now);
  const rated = (world.evalAt[id] ?? Infinity) <= now;
  if (rated) obs.sawRating(id, now);
  return { replied, rated };
}

/** The message as nextVisit sees it: only status, evaluation and posting time matter there. */
export function asMessage(world: World, id: number, replied: boolean, rated: boolean): Revisitable {
  return {
    status: { code: replied ? 'replied' : 'pending', raw: replied ? '已回复' : '待回复' },
    evaluation: rated ? { raw: '满意' } : null,
    postedAt: new Date(world.postedAt[id] ?? 0),
  } as unknown as Revisitable;
}

/** The store already holds every post made before time 0 (a finished backfill). */
export function backfilled(world: World, boards: readonly number[], seen: Uint8Array): number[] {
  const open: number[] = [];
  for (const b of boards) {
    for (const id of world.postsOf[b] ?? []) {
      if ((world.postedAt[id] ?? 0) >= 0) break;
      seen[id] = 1;
      open.push(id);
    }
  }
  return open;
}

/**
 * How many re-visits a message of this age would already have had under nextVisit's doubling
 * gaps, so the backfilled store starts in the steady state rather than all at visit 0.
 */
export function visitsSoFar(ageMs: number): number {
  return Math.max(0, Math.floor(Math.log2(Math.max(1, ageMs / (6 * 3_600_000)))));
}

export interface OursTuning {
  /** Sweep frequency ∝ rate^exponent: 1 proportional to the rate, 0.5 the square-root rule. */
  sweepExponent: number;
  /**
   * Share of an average hour's slots that due re-visits may take (1 = whenever one is due).
   * With `followWeek`, the share at a given hour is this divided by that hour's learned
   * posting intensity: re-visits fill the night and the weekend, list sweeps the busy hours.
   */
  revisitShare: number;
  /** Learn the weekly posting profile from the stored history (see revisitShare). */
  followWeek: boolean;
  /** Re-visit schedule (src/pipeline/revisit.ts); default: defaultRevisitPolicy. */
  revisit?: RevisitPolicy;
}

/**
 * The policy as of 2026-11-22: sweeps proportional to the rate, re-visits whenever due, on the
 * re-visit schedule of that day (doubling to 7 days, open or answered alike).
 */
export const PROPORTIONAL: OursTuning = {
  sweepExponent: 1,
  revisitShare: 1,
  followWeek: false,
  revisit: { ...defaultRevisitPolicy, maxMs: 7 * DAY, openMaxMs: 7 * DAY, answerWindowMs: defaultRevisitPolicy.giveUpAfterMs },
};
/**
 * The proposed policy (bench/freshness only so far; see docs/benchmarks.md): square-root
 * sweeps; re-visits take 30% of an average hour's slots, more at night and at weekends,
 * unanswered messages first; an open message is due again 6 h after each look, without
 * doubling gaps, so the budget share (not the gap) sets how often it is seen. Replies come
 * 2-35 days after posting: doubling gaps look least when a reply is most likely.
 */
export const PROPOSED: OursTuning = {
  sweepExponent: 0.5,
  revisitShare: 0.3,
  followWeek: true,
  revisit: { ...defaultRevisitPolicy, firstMs: 6 * HOUR, maxMs: 6 * HOUR, openMaxMs: 6 * HOUR },
};

/** Posting intensity by hour of the week (mean 1) learned from posts the store holds. */
function learnWeek(times: number[]): Float64Array {
  const hourly = new Array<number>(24).fill(1);
  const weekday = new Array<number>(7).fill(1);
  for (const t of times) {
    const h = hourOfWeek(t);
    hourly[h % 24] = (hourly[h % 24] ?? 0) + 1;
    weekday[Math.floor(h / 24)] = (weekday[Math.floor(h / 24)] ?? 0) + 1;
  }
  return weeklyProfile({ hourly, weekday });
}

/** Our policy on one host's boards; `phase` draws a uniform [0,1) to stagger the backfill. */
export function oursPolicy(world: World, boards: readonly number[], obs: Observer, seen: Uint8Array, phase: () => number, tuning = PROPOSED): Policy {
  const details: Array<number | { board: number; page: number }> = [];
  // Re-visits of unanswered messages (a reply may come) go before those of answered ones
  // (only a rating may come): a reply is the bigger change for downstream users.
  const unanswered = new MinHeap();
  const answered = new MinHeap();
  const queueOf = (replied: boolean): MinHeap => (replied ? answered : unanswered);
  const visits = new Map<number, number>();
  const sweeps = new MinHeap();
  const seenCount = new Map<number, number>();
  // The backfill saw each board's history: that gives the first rate estimates.
  const rateOf = (b: number, now: number): number => (((seenCount.get(b) ?? 0) + 1) / (now + world.historyMs + DAY)) ** tuning.sweepExponent;
  const policy = tuning.revisit ?? defaultRevisitPolicy;
  // Re-visit tokens: each slot adds the hour's share; a re-visit spends one.
  let tokens = 0;
  const history: number[] = [];
  for (const id of backfilled(world, boards, seen)) {
    const b = world.boardOf[id] ?? 0;
    seenCount.set(b, (seenCount.get(b) ?? 0) + 1);
    history.push(world.postedAt[id] ?? 0);
    const n = visitsSoFar(-(world.postedAt[id] ?? 0));
    visits.set(id, n);
    const replied = (world.replyAt[id] ?? Infinity) <= 0;
    const at = nextVisit(asMessage(world, id, replied, (world.evalAt[id] ?? Infinity) <= 0), n, new Date(0), policy);
    // Spread the backfill's pending re-visits over their current gap instead of one burst.
    if (at) queueOf(replied).push(at.getTime() * phase(), id);
  }
  const week = tuning.followWeek ? learnWeek(history) : null;
  for (const b of boards) sweeps.push(phase() / rateOf(b, 0), b);
  const sweep = (b: number, page: number, now: number): void => {
    const ids = listPage(world, b, now, page, PAGE_SIZE);
    let fresh = 0;
    for (const id of ids) {
      if (seen[id]) continue;
      seen[id] = 1;
      fresh++;
      seenCount.set(b, (seenCount.get(b) ?? 0) + 1);
      details.push(id);
    }
    if (fresh === PAGE_SIZE) details.push({ board: b, page: page + 1 });
  };
  return {
    step(now) {
      tokens = Math.min(MAX_TOKENS, tokens + Math.min(1, tuning.revisitShare / (week ? (week[hourOfWeek(now)] ?? 1) : 1)));
      const next = details.shift();
      if (typeof next === 'number') return void (obs.spent('detail'), visit(next, now));
      if (next) return void (obs.spent('list'), sweep(next.board, next.page, now));
      const due = unanswered.peekKey() <= now ? unanswered : answered.peekKey() <= now ? answered : null;
      if (due && tokens >= 1) {
        tokens--;
        obs.spent('revisit');
        return visit(due.pop(), now);
      }
      obs.spent('list');
      // Stride scheduling: a board's pass advances by 1/rate per sweep, so sweep counts stay
      // proportional to rate whatever the budget (a wall-clock due time would not adapt).
      const pass = sweeps.peekKey();
      const b = sweeps.pop();
      sweep(b, 1, now);
      sweeps.push(pass + 1 / rateOf(b, now), b);
    },
  };
  function visit(id: number, now: number): void {
    const { replied, rated } = fetchDetail(world, id, now, obs);
    const n = visits.get(id) ?? 0;
    visits.set(id, n + 1);
    const at = nextVisit(asMessage(world, id, replied, rated), n, new Date(now), policy);
    if (at) queueOf(replied).push(at.getTime(), id);
    else visits.delete(id);
  }
}

/** The round-robin newest-page loop on one host's boards. */
export function roundRobinPolicy(world: World, boards: readonly number[], obs: Observer, seen: Uint8Array, revisit: boolean): Policy {
  const details: number[] = [];
  const known = backfilled(world, boards, seen);
  // A FIFO ring of open messages, re-fetched in turn until a reply shows.
  const ring: number[] = revisit ? known.filter((id) => (world.replyAt[id] ?? Infinity) > 0) : [];
  let ringHead = 0;
  let cursor = 0;
  let slot = 0;
  return {
    step(now) {
      const id = details.shift();
      if (id !== undefined) {
        obs.spent('detail');
        const { replied } = fetchDetail(world, id, now, obs);
        if (revisit && !replied) ring.push(id);
        return;
      }
      slot++;
      if (revisit && slot % 2 === 0 && ringHead < ring.length) {
        obs.spent('revisit');
        const open = ring[ringHead++] ?? 0;
        if (!fetchDetail(world, open, now, obs).replied) ring.push(open);
        // Compact now and then so the ring does not grow without bound.
        if (ringHead > 100_000) {
          ring.splice(0, ringHead);
          ringHead = 0;
        }
        return;
      }
      obs.spent('list');
      const b = boards[cursor++ % boards.length] ?? 0;
      for (const post of listPage(world, b, now, 1, PAGE_SIZE)) {
        if (seen[post]) continue;
        seen[post] = 1;
        details.push(post);
      }
    },
  };
}
