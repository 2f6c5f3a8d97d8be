/**
 * When to list a board again. Boards post at very different rates (a provincial forum gets
 * dozens of posts a day, a county mailbox a few a month) and at different hours (by day, on
 * weekdays), so a fixed sweep period either wastes requests on quiet boards and quiet hours
 * or lets busy ones go stale. Each list keeps an estimate of its average posting rate from
 * what its sweeps found; the interval to the next sweep follows the square-root rule on the
 * rate expected at that hour of the week, within [minMs, maxMs]; a list whose rate is not
 * known yet is treated as one at the reference rate.
 *
 * Why the square root: a post waits on average half the interval of its list, so the mean
 * wait over all posts is Σ rate·interval/2 for a number of sweeps Σ 1/interval; that is least
 * when interval ∝ 1/√rate. One sweep per expected post (∝ 1/rate) gives the same mean as a
 * fixed period and leaves quiet lists for hours. The defaults (10 min at one post an hour,
 * within 30 s-1 h) were chosen with the freshness model (bench/freshness/src-policy.ts,
 * docs/benchmarks.md): 500 lists on one host then take about half of a 1 request / 2 s budget,
 * and one site-wide feed of 500 boards about a minute between sweeps.
 */
import { hourOfWeekCst, weeklyProfile } from './posting-week.js';

export interface ListSchedulePolicy {
  /** The interval of a list posting `referenceRate` posts per hour. @default 10 min */
  referenceMs: number;
  /** @default 1 post per hour */
  referenceRate: number;
  /** interval ∝ rate^-exponent; 0.5 is the square-root rule, 1 one sweep per expected post. @default 0.5 */
  exponent: number;
  /** Posting intensity by hour of a Monday-first week in China time (mean 1); null: flat. @default weeklyProfile() */
  week: Float64Array | null;
  /**
   * Never sooner than this after a sweep. Only lists posting more than ~100 an hour reach it
   * (a site-wide feed); the daemon's early sweeps with spare budget keep to it too. @default 30 s
   */
  minMs: number;
  /** Never later than this, however quiet the board (bounds the delay of a quiet list's rare post). @default 1 h */
  maxMs: number;
  /** Weight of the newest observation in the rate estimate. @default 0.5 */
  alpha: number;
}

const HOUR = 3_600_000;

export const defaultListSchedule: ListSchedulePolicy = {
  referenceMs: 10 * 60_000,
  referenceRate: 1,
  exponent: 0.5,
  week: weeklyProfile(),
  minMs: 30_000,
  maxMs: HOUR,
  alpha: 0.5,
};

/** Average posts per hour after a sweep that found `listed` new rows `elapsedMs` after the previous one. */
export function updateRate(previous: number | null, listed: number, elapsedMs: number, policy = defaultListSchedule): number {
  const observed = listed / Math.max(elapsedMs / HOUR, 1 / 60);
  return previous === null ? observed : policy.alpha * observed + (1 - policy.alpha) * previous;
}

/**
 * How long after a sweep at `at` to sweep a list whose average rate is `ratePerHour` again
 * (null: unknown, soon). The rate is scaled by the hour of the week at `at`.
 */
export function sweepInterval(ratePerHour: number | null, at: Date, policy = defaultListSchedule): number {
  // Unknown (no incremental sweep measured yet): as a list at the reference rate.
  if (ratePerHour === null) return Math.min(policy.maxMs, Math.max(policy.minMs, policy.referenceMs));
  const expected = ratePerHour * (policy.week ? (policy.week[hourOfWeekCst(at)] ?? 1) : 1);
  if (expected <= 0) return policy.maxMs;
  const ms = policy.referenceMs * (policy.referenceRate / expected) ** policy.exponent;
  return Math.round(Math.min(policy.maxMs, Math.max(policy.minMs, ms)));
}
