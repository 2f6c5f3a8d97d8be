/**
 * The simulated world of the freshness model: boards with Poisson posting, replies and
 * evaluations arriving days later (the lifecycle of sim/core/lifecycle.ts), all drawn from a
 * seed. Pure and deterministic; times are in ms from the start of the measured run, and
 * time 0 is a Monday 00:00 in the boards' time zone.
 *
 * Posting follows the week: citizens post by day and on weekdays. The intensity of every
 * board is its rate times the weekly profile (src/frontier/posting-week.ts, mean 1) at that
 * hour of the week, drawn by thinning, so a board's mean rate is unchanged.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** mulberry32: tiny seeded PRNG, so a seed fixes the whole world. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export { POSTING_SHARES, weeklyProfile } from '../../src/frontier/posting-week.js';

/** Hour of the week (0 = Monday 00:00-01:00) of a model time. */
export function hourOfWeek(t: number): number {
  const h = Math.floor(t / HOUR) % 168;
  return h < 0 ? h + 168 : h;
}

export interface WorldOptions {
  seed: number;
  boards: number;
  /** Posts before time 0 (already backfilled when the run starts). */
  historyMs: number;
  /** End of the run. */
  endMs: number;
  /** Median posts per day of a board; rates are log-normal around it (a few busy boards). */
  medianPostsPerDay: number;
  /** Log-normal sigma of the board rates. */
  rateSigma: number;
  /** Share of posts that never get a reply (sim default 0.08). */
  unansweredRate: number;
  /** Share of replied posts the citizen later rates (sim default 0.6). */
  evaluationRate: number;
  /** Posting intensity by hour of the week (168 values, mean 1); null: constant. */
  profile: Float64Array | null;
  /**
   * Post → reply delays: `simulator`, the simulator's lifecycle (2.3-35 days); `tipdm`, a
   * log-normal with the real 泰迪杯 answers' median and p90 (11.2 and 41 days,
   * `npx tsx tools/reply-delays.ts`): p10 3.1 days (real 1.9), p99 118 (real 167.5).
   * @default simulator
   */
  replies?: 'simulator' | 'tipdm';
}

/** Log-normal reply delays fitted to the 泰迪杯 median and p90 (z = 1.2816 at p90). */
const TIPDM_MEDIAN_DAYS = 11.2;
const TIPDM_SIGMA = Math.log(41 / TIPDM_MEDIAN_DAYS) / 1.2816;

export interface World {
  boards: number;
  /** Posts per ms of each board (the truth; policies only see what they fetch). */
  rate: Float64Array;
  /** Per board, post ids in posting order. */
  postsOf: Int32Array[];
  /** Per board, posting times in order (parallel to postsOf), for rank lookups. */
  timesOf: Float64Array[];
  postedAt: Float64Array;
  /** Board of each post. */
  boardOf: Int32Array;
  /** Infinity when never replied. */
  replyAt: Float64Array;
  /** Infinity when never rated. */
  evalAt: Float64Array;
  endMs: number;
  historyMs: number;
}

function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** Draws the boards and every post of [-historyMs, endMs). */
export function makeWorld(o: WorldOptions): World {
  const r = rng(o.seed);
  const rate = new Float64Array(o.boards);
  const perBoard: number[][] = [];
  const posted: number[] = [];
  const replies: number[] = [];
  const evals: number[] = [];
  const owner: number[] = [];
  for (let b = 0; b < o.boards; b++) {
    rate[b] = (o.medianPostsPerDay * Math.exp(o.rateSigma * gaussian(r))) / DAY;
    const mine: number[] = [];
    // Thinning: candidates at the peak intensity, each kept with intensity / peak.
    const peak = (rate[b] ?? 1) * peakOf(o.profile);
    for (let t = -o.historyMs - Math.log(1 - r()) / peak; t < o.endMs; t += -Math.log(1 - r()) / peak) {
      if (o.profile && r() * peakOf(o.profile) >= (o.profile[hourOfWeek(t)] ?? 1)) continue;
      const id = posted.length;
      posted.push(t);
      const reply = r() < o.unansweredRate ? Infinity : t + replyDelay(r, o.replies ?? 'simulator');
      replies.push(reply);
      evals.push(Number.isFinite(reply) && r() < o.evaluationRate ? reply + (1 + 9 * r()) * DAY : Infinity);
      owner.push(b);
      mine.push(id);
    }
    perBoard.push(mine);
  }
  const postedAt = Float64Array.from(posted);
  return {
    boards: o.boards,
    rate,
    postsOf: perBoard.map((ids) => Int32Array.from(ids)),
    timesOf: perBoard.map((ids) => Float64Array.from(ids, (id) => postedAt[id] ?? 0)),
    postedAt,
    boardOf: Int32Array.from(owner),
    replyAt: Float64Array.from(replies),
    evalAt: Float64Array.from(evals),
    endMs: o.endMs,
    historyMs: o.historyMs,
  };
}

function replyDelay(r: () => number, kind: 'simulator' | 'tipdm'): number {
  if (kind === 'tipdm') return TIPDM_MEDIAN_DAYS * Math.exp(TIPDM_SIGMA * gaussian(r)) * DAY;
  // sim lifecycle: 待回复 → 办理中 after 0.3–5 days → reply 2–30 days later.
  return (0.3 + 4.7 * r()) * DAY + (2 + 28 * r()) * DAY;
}

function peakOf(profile: Float64Array | null): number {
  return profile ? Math.max(...profile) : 1;
}

/** How many posts of a board were made at or before `t` (binary search). */
export function countAt(world: World, board: number, t: number): number {
  return countUpTo(world.timesOf[board] ?? new Float64Array(0), t);
}

/** How many of the ascending `times` are at or before `t` (binary search). */
export function countUpTo(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] ?? 0) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Ids on list page `page` (1-based, newest first, `size` per page) of a board at time t. */
export function listPage(world: World, board: number, t: number, page: number, size: number): number[] {
  return newestPage(world.postsOf[board] ?? new Int32Array(0), countAt(world, board, t), page, size);
}

/** Page `page` (1-based, newest first, `size` per page) of the first `n` of `ids` in posting order. */
export function newestPage(ids: ArrayLike<number>, n: number, page: number, size: number): number[] {
  const out: number[] = [];
  for (let i = n - 1 - (page - 1) * size; i >= 0 && i > n - 1 - page * size; i--) out.push(ids[i] ?? 0);
  return out;
}

/** A binary min-heap of (key, value) pairs; enough for due times. */
export class MinHeap {
  private keys: number[] = [];
  private values: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  peekKey(): number {
    return this.keys[0] ?? Infinity;
  }

  /** The value with the smallest key (-1 when empty). */
  peekValue(): number {
    return this.values[0] ?? -1;
  }

  push(key: number, value: number): void {
    const k = this.keys;
    const v = this.values;
    let i = k.length;
    k.push(key);
    v.push(value);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((k[p] ?? 0) <= key) break;
      k[i] = k[p] ?? 0;
      v[i] = v[p] ?? 0;
      i = p;
    }
    k[i] = key;
    v[i] = value;
  }

  /** Removes and returns the value with the smallest key. */
  pop(): number {
    const k = this.keys;
    const v = this.values;
    const top = v[0] ?? -1;
    const lastK = k.pop() ?? 0;
    const lastV = v.pop() ?? 0;
    const n = k.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const c = l + 1 < n && (k[l + 1] ?? 0) < (k[l] ?? 0) ? l + 1 : l;
      if ((k[c] ?? 0) >= lastK) break;
      k[i] = k[c] ?? 0;
      v[i] = v[c] ?? 0;
      i = c;
    }
    k[i] = lastK;
    v[i] = lastV;
    return top;
  }
}
