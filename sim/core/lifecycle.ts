import { Rng } from './prng.js';

const DAY = 86_400_000;

/** When things happen to a message after it is posted; all derived from (seed, board, i). */
export interface Lifecycle {
  readonly claimAt: number;
  readonly replyAts: readonly number[];
  readonly evalAt: number | null;
  readonly deletedAt: number | null;
  readonly grades: { readonly level: number; readonly manner: number; readonly speed: number };
}

export const Status = { pending: 'pending', processing: 'processing', replied: 'replied' } as const;
export type Status = (typeof Status)[keyof typeof Status];

export interface LifecycleRates {
  readonly deleteRate: number;
  readonly unansweredRate: number;
}

export function lifecycleOf(seed: number, boardId: number, i: number, postedAt: number, rates: LifecycleRates): Lifecycle {
  const rng = new Rng(seed, boardId, i, 23);
  const claimAt = postedAt + rng.range(0.3, 5) * DAY;
  const unanswered = rng.chance(rates.unansweredRate);
  const firstReply = claimAt + rng.range(2, 30) * DAY;
  const replyAts = unanswered ? [] : [firstReply];
  // Some offices answer twice (an interim reply, then the result).
  if (!unanswered && rng.chance(0.15)) replyAts.push(firstReply + rng.range(3, 15) * DAY);
  const lastReply = replyAts[replyAts.length - 1];
  const evalAt = lastReply !== undefined && rng.chance(0.6) ? lastReply + rng.range(1, 10) * DAY : null;
  const deletedAt = rng.chance(rates.deleteRate) ? postedAt + rng.range(1, 40) * DAY : null;
  const level = rng.intRange(1, 5);
  const grades = { level, manner: clampGrade(level + rng.intRange(-1, 1)), speed: clampGrade(level + rng.intRange(-1, 1)) };
  return { claimAt, replyAts, evalAt, deletedAt, grades };
}

function clampGrade(n: number): number {
  return Math.min(5, Math.max(1, n));
}

export function statusAt(life: Lifecycle, nowMs: number): Status {
  const first = life.replyAts[0];
  if (first !== undefined && first <= nowMs) return Status.replied;
  if (life.claimAt <= nowMs) return Status.processing;
  return Status.pending;
}
