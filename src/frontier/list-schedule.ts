/**
 * When to list a board again. Boards post at very different rates (a provincial forum gets
 * dozens of posts a day, a county mailbox a few a month), so a fixed sweep period either
 * wastes requests on quiet boards or lets busy ones go stale. Each list keeps an estimate of
 * its posting rate from what its sweeps found, and is swept again when about `targetNew`
 * posts are expected, within [minMs, maxMs].
 */
export interface ListSchedulePolicy {
  /** Sweep again when this many new posts are expected. @default 1 */
  targetNew: number;
  /** Never sooner than this after a sweep. @default 10 min */
  minMs: number;
  /** Never later than this, however quiet the board. @default 6 h */
  maxMs: number;
  /** Weight of the newest observation in the rate estimate. @default 0.5 */
  alpha: number;
}

const HOUR = 3_600_000;

export const defaultListSchedule: ListSchedulePolicy = { targetNew: 1, minMs: 10 * 60_000, maxMs: 6 * HOUR, alpha: 0.5 };

/** Posts per hour after a sweep that found `listed` new rows `elapsedMs` after the previous one. */
export function updateRate(previous: number | null, listed: number, elapsedMs: number, policy = defaultListSchedule): number {
  const observed = listed / Math.max(elapsedMs / HOUR, 1 / 60);
  return previous === null ? observed : policy.alpha * observed + (1 - policy.alpha) * previous;
}

/** How long to wait before the next sweep of a list posting `ratePerHour` (null: unknown). */
export function sweepInterval(ratePerHour: number | null, policy = defaultListSchedule): number {
  if (ratePerHour === null) return policy.minMs;
  if (ratePerHour <= 0) return policy.maxMs;
  return Math.round(Math.min(policy.maxMs, Math.max(policy.minMs, (policy.targetNew / ratePerHour) * HOUR)));
}
