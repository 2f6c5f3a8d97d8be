/**
 * When to look at a message again. Offices answer days or weeks after a post and the
 * citizen rates the answer later still. A message is re-checked soon after posting, then
 * less and less often: at most `openMaxMs` apart while it waits for an answer (the reply is
 * what downstream users wait for), at most `maxMs` apart once answered (only a rating can
 * still come), until it is settled or too old. Unanswered messages also go in their own
 * frontier lane, ahead of answered ones, when the request budget cannot cover both.
 */
import type { NormalizedMessage } from '../shared/types.js';

export interface RevisitPolicy {
  /** First re-check after this long. @default 6 h */
  firstMs: number;
  /** Longest gap between re-checks of an answered message (waiting for a rating). @default 7 days */
  maxMs: number;
  /** Longest gap between re-checks of a message not answered yet. @default 12 h */
  openMaxMs: number;
  /**
   * An unanswered message older than this is checked like an answered one (at most `maxMs`
   * apart): few answers come that late (泰迪杯 2020 C: 94% of replies within 60 days of the
   * post, `npx tsx tools/reply-delays.ts`), and messages never answered would otherwise take
   * a large share of the re-visits. @default 60 days
   */
  answerWindowMs: number;
  /** Stop re-checking messages posted longer ago than this. @default 120 days */
  giveUpAfterMs: number;
  /** No re-check of an unanswered message younger than this (few answers come so soon). @default 0 */
  quietMs?: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const defaultRevisitPolicy: RevisitPolicy = { firstMs: 6 * HOUR, maxMs: 7 * DAY, openMaxMs: 12 * HOUR, answerWindowMs: 60 * DAY, giveUpAfterMs: 120 * DAY };

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
  const cap = isAnswered(message) || now.getTime() - posted > policy.answerWindowMs ? policy.maxMs : policy.openMaxMs;
  const gap = Math.min(cap, policy.firstMs * 2 ** Math.max(0, visits));
  const quietEnd = isAnswered(message) ? 0 : posted + (policy.quietMs ?? 0);
  return new Date(Math.max(now.getTime() + gap, quietEnd));
}

/** Answered (replied, maybe not rated yet): only a rating can still change. */
export function isAnswered(message: Pick<NormalizedMessage, 'status'>): boolean {
  return message.status.code === 'replied';
}
