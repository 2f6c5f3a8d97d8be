/**
 * Freshness model: how long after a post (or a reply) appears on a board it is in our store,
 * under our crawl policy and under the round-robin newest-page loop, at the same request
 * budget (one request per `gapMs` per host). Pure and deterministic from the seed.
 */
import { oursPolicy, PROPORTIONAL, roundRobinPolicy, type Observer, type OursTuning, type Policy, type SlotUse } from './policies.js';
import { srcPolicy, type SrcOptions } from './src-policy.js';
import { DAY, makeWorld, POSTING_SHARES, rng, weeklyProfile, type World, type WorldOptions } from './world.js';

/**
 * - `ours`: the daemon in src/ as it is (bench/freshness/src-policy.ts), one list per board;
 * - `ours-feed`: the same daemon with one site-wide list per host (renmin `feed: site`);
 * - `ours-proposed`: a budget-sharing scheduler not yet in src/ (policies.ts PROPOSED);
 * - `ours-proportional`: the model's policy of 2026-11-22 (sweeps ∝ rate, re-visits whenever due);
 * - `rr`, `rr-revisit`: the round-robin newest-page loop of existing scrapers, without and with re-visits.
 */
export type PolicyName = 'ours' | 'ours-feed' | 'ours-proposed' | 'ours-proportional' | 'rr' | 'rr-revisit';

export const POLICIES: readonly PolicyName[] = ['ours', 'ours-feed', 'ours-proposed', 'ours-proportional', 'rr', 'rr-revisit'];

export interface FreshnessOptions extends WorldOptions {
  /** Boards are spread over this many hosts; each host has its own budget. */
  hosts: number;
  /** One request per host every gapMs (the politeness budget). */
  gapMs: number;
  /** Delays are measured for posts and replies appearing in [warmupMs, endMs). */
  warmupMs: number;
  /**
   * The crawl goes on this long after endMs, so that slow catches of items from the window
   * are still measured instead of being cut off (censored) at endMs.
   */
  drainMs: number;
}

export interface DelayStats {
  /** Posts or replies that appeared in the measured window. */
  count: number;
  /** Share of them in the store by the end of the run. */
  captured: number;
  /** Percentiles in ms; Infinity when that share was not captured by the end. */
  p50: number;
  p90: number;
}

export interface PolicyResult {
  policy: PolicyName;
  requests: number;
  /** Smallest gap between two requests to one host (the budget check). */
  minGapMs: number;
  /** Most requests any host made, and what its budget allowed. */
  maxHostRequests: number;
  budgetPerHost: number;
  /** Slots by use: list pages, first detail fetches, re-visits, and slots left unused. */
  spent: Record<SlotUse, number>;
  posts: DelayStats;
  replies: DelayStats;
  /** Citizens' ratings of answers (satisfaction), from appearing to being stored. */
  ratings: DelayStats;
}

export const defaultFreshnessOptions: FreshnessOptions = {
  seed: 1,
  boards: 500,
  hosts: 1,
  gapMs: 2000,
  historyMs: 40 * DAY,
  warmupMs: 2 * DAY,
  endMs: 9 * DAY,
  drainMs: 14 * DAY,
  medianPostsPerDay: 3,
  rateSigma: 1.2,
  unansweredRate: 0.08,
  evaluationRate: 0.6,
  profile: weeklyProfile(POSTING_SHARES),
};

/** Percentile of delays, Infinity counting as larger than anything. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Infinity;
}

function stats(delays: number[]): DelayStats {
  delays.sort((a, b) => a - b);
  const captured = delays.filter(Number.isFinite).length;
  return { count: delays.length, captured: delays.length ? captured / delays.length : 1, p50: percentile(delays, 0.5), p90: percentile(delays, 0.9) };
}

/** Variants to try: `ours-proposed` tuning, or the src policies' options. */
export interface Tuning {
  ours?: OursTuning;
  src?: Partial<SrcOptions>;
}

function makePolicy(name: PolicyName, world: World, boards: number[], obs: Observer, seen: Uint8Array, phase: () => number, tuning: Tuning = {}): Policy {
  if (name === 'ours') return srcPolicy(world, boards, obs, seen, phase, tuning.src);
  if (name === 'ours-feed') return srcPolicy(world, boards, obs, seen, phase, { ...tuning.src, feed: true });
  if (name === 'ours-proposed') return oursPolicy(world, boards, obs, seen, phase, tuning.ours);
  if (name === 'ours-proportional') return oursPolicy(world, boards, obs, seen, phase, PROPORTIONAL);
  return roundRobinPolicy(world, boards, obs, seen, name === 'rr-revisit');
}

/** Runs one policy over the world and measures delays (`tuning`: try variants). */
export function simulatePolicy(world: World, name: PolicyName, o: FreshnessOptions, tuning?: Tuning): PolicyResult {
  const storedAt = new Float64Array(world.postedAt.length).fill(Infinity);
  const replySeenAt = new Float64Array(world.postedAt.length).fill(Infinity);
  const ratingSeenAt = new Float64Array(world.postedAt.length).fill(Infinity);
  const spent = { list: 0, detail: 0, revisit: 0, idle: 0 };
  const obs: Observer = {
    spent: (kind) => {
      spent[kind]++;
    },
    storedPost: (id, at) => {
      if (at < (storedAt[id] ?? Infinity)) storedAt[id] = at;
    },
    sawReply: (id, at) => {
      if (at < (replySeenAt[id] ?? Infinity)) replySeenAt[id] = at;
    },
    sawRating: (id, at) => {
      if (at < (ratingSeenAt[id] ?? Infinity)) ratingSeenAt[id] = at;
    },
  };
  const seen = new Uint8Array(world.postedAt.length);
  const phase = rng(o.seed ^ 0x5bd1e995);
  let requests = 0;
  let minGapMs = Infinity;
  let maxHostRequests = 0;
  for (let h = 0; h < o.hosts; h++) {
    const boards = Array.from({ length: world.boards }, (_v, b) => b).filter((b) => b % o.hosts === h);
    const policy = makePolicy(name, world, boards, obs, seen, phase, tuning);
    // Hosts start at different offsets within one gap, as independent queues would.
    let prev = -Infinity;
    let mine = 0;
    for (let t = phase() * o.gapMs; t < o.endMs + o.drainMs; t += o.gapMs) {
      policy.step(t);
      minGapMs = Math.min(minGapMs, t - prev);
      prev = t;
      mine++;
    }
    requests += mine;
    maxHostRequests = Math.max(maxHostRequests, mine);
  }
  const postDelays: number[] = [];
  const replyDelays: number[] = [];
  const ratingDelays: number[] = [];
  for (let id = 0; id < world.postedAt.length; id++) {
    const posted = world.postedAt[id] ?? 0;
    if (posted >= o.warmupMs && posted < o.endMs) postDelays.push((storedAt[id] ?? Infinity) - posted);
    const reply = world.replyAt[id] ?? Infinity;
    if (reply >= o.warmupMs && reply < o.endMs) replyDelays.push((replySeenAt[id] ?? Infinity) - reply);
    const rating = world.evalAt[id] ?? Infinity;
    if (rating >= o.warmupMs && rating < o.endMs) ratingDelays.push((ratingSeenAt[id] ?? Infinity) - rating);
  }
  return {
    policy: name,
    requests,
    minGapMs,
    maxHostRequests,
    budgetPerHost: Math.ceil((o.endMs + o.drainMs) / o.gapMs),
    spent,
    posts: stats(postDelays),
    replies: stats(replyDelays),
    ratings: stats(ratingDelays),
  };
}

/** The freshness comparison: the same world under each policy (or those named), with optional variants. */
export function benchFreshness(
  overrides: Partial<FreshnessOptions> = {},
  policies: readonly PolicyName[] = POLICIES,
  tuning?: Tuning,
): { options: FreshnessOptions; results: PolicyResult[] } {
  const options = { ...defaultFreshnessOptions, ...overrides };
  // The world goes on posting through the drain, so the crawl has the same load then.
  const world = makeWorld({ ...options, endMs: options.endMs + options.drainMs });
  const results = policies.map((p) => simulatePolicy(world, p, options, tuning));
  return { options, results };
}
