/**
 * How soon each source's offices answer, learned from the messages the crawler stores, so
 * that re-visits are not spent on messages too young to have an answer. Boards differ: on
 * the 泰迪杯 2020 C board 4.7% of answers came within a day of the post
 * (`npx tsx tools/reply-delays.ts`), on others none comes within days. The first answered
 * sighting of a message adds its delay (post → first reply) to a per-source histogram; the
 * quiet period of an unanswered message is a low quantile of it. Re-crawls of an answered
 * message add nothing (StoreResult.firstReplied), so each message counts once.
 *
 * The histogram is a statistic, not a record: concurrent `$inc`s may lose a count on FerretDB
 * v1 (read-modify-write outside a transaction), which moves a quantile by nothing that matters.
 */
import type { Collection, Db } from 'mongodb';

import type { NormalizedMessage } from '../shared/types.js';
import { Collections, type ReplyDelayDoc } from './schemas.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Width of a histogram bin: quiet periods are rounded down to it. */
export const REPLY_BIN_MS = 6 * HOUR;
/** Delays past this are counted in the last bin (the quiet period never gets near it). */
const LAST_BIN = Math.round((180 * DAY) / REPLY_BIN_MS);

export interface QuietPolicy {
  /** Share of answers allowed to come before the first re-visit (the quiet period's quantile). */
  quantile: number;
  /** Fewer answered messages than this: no quiet period (a board's first days tell little). */
  minSamples: number;
  /** Longest quiet period, whatever the board's history says. */
  maxMs: number;
}

/**
 * 5%: the freshness model's median and p90 reply delays fall as the quiet period grows up to
 * about its 5% point and answers earlier than that are a small share of the p90
 * (docs/benchmarks.md, "Quiet period").
 */
export const defaultQuietPolicy: QuietPolicy = { quantile: 0.05, minSamples: 50, maxMs: 7 * DAY };

/**
 * Post → first reply in ms, or null when unanswered or either time is unknown. Some boards
 * date replies by the day only, so a same-day reply can read as up to a day before the post:
 * that counts as 0 (dropping it would lengthen the quiet period); earlier is a wrong date.
 */
export function replyDelayOf(message: Pick<NormalizedMessage, 'postedAt' | 'replies'>): number | null {
  const posted = message.postedAt?.getTime();
  if (posted === undefined) return null;
  let first = Infinity;
  for (const r of message.replies) if (r.at) first = Math.min(first, r.at.getTime());
  if (!Number.isFinite(first) || first <= posted - DAY) return null;
  return Math.max(0, first - posted);
}

export function binOf(delayMs: number): number {
  return Math.min(LAST_BIN, Math.floor(delayMs / REPLY_BIN_MS));
}

/** Counts one answer `delayMs` after its post into a histogram (`b<bin>` → count); returns its key. */
export function countDelay(bins: Record<string, number>, delayMs: number): string {
  const key = `b${binOf(delayMs)}`;
  bins[key] = (bins[key] ?? 0) + 1;
  return key;
}

/** The lower edge of the bin in which the q-quantile falls (so never later than the quantile). */
export function quantileMs(bins: Readonly<Record<string, number>>, q: number): number | null {
  const entries = Object.entries(bins)
    .map(([k, n]) => [Number(k.slice(1)), n] as const)
    .filter(([b, n]) => Number.isInteger(b) && n > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const [b, n] of entries) {
    seen += n;
    if (seen > q * total) return b * REPLY_BIN_MS;
  }
  return null;
}

/** The quiet period for a source with this histogram: 0 until enough answers are known. */
export function quietPeriodMs(bins: Readonly<Record<string, number>>, policy: QuietPolicy = defaultQuietPolicy): number {
  const total = Object.values(bins).reduce((s, n) => s + n, 0);
  if (total < policy.minSamples) return 0;
  return Math.min(policy.maxMs, quantileMs(bins, policy.quantile) ?? 0);
}

/** Samples a run keeps before writing them (one `$inc` per this many answered messages). */
const FLUSH_EVERY = 64;

/**
 * One source's histogram: read at run start, kept up to date in memory, written in batches
 * (a backfill stores thousands of answered messages; one write each would cost a round trip
 * per message). A crash loses at most the last batch of a statistic.
 */
export class ReplyDelays {
  readonly #col: Collection<ReplyDelayDoc>;
  readonly #source: string;
  readonly #policy: QuietPolicy;
  #bins: Record<string, number> = {};
  #pending: Record<string, number> = {};
  #pendingCount = 0;
  #quiet = 0;

  constructor(db: Db, source: string, policy: QuietPolicy = defaultQuietPolicy) {
    this.#col = db.collection<ReplyDelayDoc>(Collections.replyDelays);
    this.#source = source;
    this.#policy = policy;
  }

  /** Reads the stored histogram (plus what this process has not written yet). */
  async load(): Promise<void> {
    const doc = await this.#col.findOne({ _id: this.#source });
    this.#bins = { ...(doc?.bins ?? {}) };
    for (const [key, n] of Object.entries(this.#pending)) this.#bins[key] = (this.#bins[key] ?? 0) + n;
    this.#quiet = quietPeriodMs(this.#bins, this.#policy);
  }

  /** Re-visits of an unanswered message wait until it is this old. */
  quietMs(): number {
    return this.#quiet;
  }

  async record(delayMs: number, at: Date): Promise<void> {
    countDelay(this.#bins, delayMs);
    countDelay(this.#pending, delayMs);
    this.#quiet = quietPeriodMs(this.#bins, this.#policy);
    if (++this.#pendingCount >= FLUSH_EVERY) await this.flush(at);
  }

  /** Writes the samples not written yet (the run calls it at its end). */
  async flush(at: Date): Promise<void> {
    if (this.#pendingCount === 0) return;
    const inc = Object.fromEntries(Object.entries(this.#pending).map(([key, n]) => [`bins.${key}`, n]));
    await this.#col.updateOne({ _id: this.#source }, { $inc: inc, $set: { updatedAt: at } }, { upsert: true });
    this.#pending = {};
    this.#pendingCount = 0;
  }
}
