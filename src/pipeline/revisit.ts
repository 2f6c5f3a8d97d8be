/**
 * When to look at a message again. Offices answer days or weeks after a post and the
 * citizen rates the answer later still, so an open message is re-checked on a decaying
 * schedule (soon after posting, then less and less often) until it is closed or too old.
 */
import type { NormalizedMessage } from '../shared/types.js';

export interface RevisitPolicy {
  /** First re-check after this long. @default 6 h */
  firstMs: number;
  /** Longest gap between re-checks. @default 7 days */
  maxMs: number;
  /** Stop re-checking messages posted longer ago than this. @default 120 days */
  giveUpAfterMs: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const defaultRevisitPolicy: RevisitPolicy = { firstMs: 6 * HOUR, maxMs: 7 * DAY, giveUpAfterMs: 120 * DAY };

/** True when nothing more is expected to change: closed, or answered and rated. */
export function isSettled(message: Pick<NormalizedMessage, 'status' | 'evaluation'>): boolean {
  if (message.status.code === 'closed') return true;
  return message.status.code === 'replied' && message.evaluation !== null;
}

/** The next re-check time, or null when the message needs no more visits. */
export function nextVisit(
  message: Pick<NormalizedMessage, 'status' | 'evaluation' | 'postedAt'>,
  visits: number,
  now: Date,
  policy: RevisitPolicy = defaultRevisitPolicy,
): Date | null {
  if (isSettled(message)) return null;
  const posted = message.postedAt?.getTime() ?? now.getTime();
  if (now.getTime() - posted > policy.giveUpAfterMs) return null;
  const gap = Math.min(policy.maxMs, policy.firstMs * 2 ** Math.max(0, visits));
  return new Date(now.getTime() + gap);
}
