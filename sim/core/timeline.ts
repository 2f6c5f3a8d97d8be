import { unit } from './prng.js';

/** Arrival model of one board: message i is posted at a fixed slot plus a seeded jitter. */
export interface TimelineSpec {
  readonly boardId: number;
  readonly seed: number;
  /** Messages already posted at `startMs`. */
  readonly initialCount: number;
  /** The initial messages are spread evenly over this span before `startMs`. */
  readonly historyMs: number;
  /** Mean simulated ms between two new posts after `startMs`. */
  readonly intervalMs: number;
  readonly startMs: number;
}

/**
 * Two linear segments: the backlog (history before the start) and live arrivals after it.
 * Jitter stays below one slot, so posting times strictly increase in i and "how many posts exist
 * at time t" is O(1) without touching neighbours.
 */
export class Timeline {
  readonly #spec: TimelineSpec;
  readonly #historyInterval: number;

  constructor(spec: TimelineSpec) {
    this.#spec = spec;
    this.#historyInterval = spec.initialCount > 0 ? spec.historyMs / spec.initialCount : spec.intervalMs;
  }

  get intervalMs(): number {
    return this.#spec.intervalMs;
  }

  postedAt(i: number): number {
    const { startMs, initialCount, intervalMs, seed, boardId } = this.#spec;
    const slot = i < initialCount ? this.#historyInterval : intervalMs;
    const jitter = Math.floor(unit(seed, boardId, i, 11) * slot * 0.9);
    const at = i < initialCount ? startMs - (initialCount - i) * slot : startMs + (i - initialCount) * slot;
    return Math.floor(at) + jitter;
  }

  /** Number of posts visible at `nowMs` (indices 0..count-1). */
  countAt(nowMs: number): number {
    const { startMs, initialCount, intervalMs } = this.#spec;
    const slot = nowMs < startMs ? this.#historyInterval : intervalMs;
    const k = Math.max(0, Math.floor((nowMs - startMs) / slot) + initialCount);
    // Flooring and jitter can leave k off by one either way; settle it against postedAt.
    let count = k;
    while (count > 0 && this.postedAt(count - 1) > nowMs) count--;
    while (this.postedAt(count) <= nowMs) count++;
    return count;
  }

  /** Newest index posted at or before `ms`, or -1. */
  indexAt(ms: number): number {
    return this.countAt(ms) - 1;
  }
}
