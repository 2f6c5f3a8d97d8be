import { describe, expect, it } from 'vitest';

import { binOf, countDelay, defaultQuietPolicy, quantileMs, quietPeriodMs, REPLY_BIN_MS, replyDelayOf } from '../../../src/frontier/reply-delays.js';

const HOUR = 3_600_000;
const posted = new Date('2026-06-01T08:00:00Z');
const reply = (hours: number | null) => ({ org: '某局', body: '答复', at: hours === null ? null : new Date(posted.getTime() + hours * HOUR) });

/** A histogram with `n` answers at each of the given delays (hours). */
function bins(spec: Record<number, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [hours, n] of Object.entries(spec)) for (let i = 0; i < n; i++) countDelay(out, Number(hours) * HOUR);
  return out;
}

describe('reply delays', () => {
  it('measures post to first reply, whatever the order of the replies', () => {
    expect(replyDelayOf({ postedAt: posted, replies: [reply(50), reply(30), reply(null)] })).toBe(30 * HOUR);
    expect(replyDelayOf({ postedAt: posted, replies: [] })).toBeNull();
    expect(replyDelayOf({ postedAt: posted, replies: [reply(null)] })).toBeNull();
    expect(replyDelayOf({ postedAt: null, replies: [reply(5)] })).toBeNull();
    // A reply dated by the day only can read as hours before the post: the same day, 0.
    expect(replyDelayOf({ postedAt: posted, replies: [reply(-8)] })).toBe(0);
    // A day or more before the post is a parsing or clock problem, not a delay.
    expect(replyDelayOf({ postedAt: posted, replies: [reply(-24)] })).toBeNull();
  });

  it('puts delays in 6-hour bins and very late ones in the last', () => {
    expect(binOf(0)).toBe(0);
    expect(binOf(REPLY_BIN_MS - 1)).toBe(0);
    expect(binOf(REPLY_BIN_MS)).toBe(1);
    expect(binOf(10_000 * 24 * HOUR)).toBe(binOf(400 * 24 * HOUR));
  });

  it('gives the lower edge of the bin holding the quantile', () => {
    // 5 answers within 6 h, 95 at 3 days: the 5% point is past the first 5.
    const h = bins({ 1: 5, 72: 95 });
    expect(quantileMs(h, 0.04)).toBe(0);
    expect(quantileMs(h, 0.05)).toBe(72 * HOUR);
    expect(quantileMs({}, 0.05)).toBeNull();
  });

  it('has no quiet period until enough answers are known, and caps it', () => {
    expect(quietPeriodMs(bins({ 72: defaultQuietPolicy.minSamples - 1 }))).toBe(0);
    expect(quietPeriodMs(bins({ 72: defaultQuietPolicy.minSamples }))).toBe(72 * HOUR);
    expect(quietPeriodMs(bins({ 2000: 100 }))).toBe(defaultQuietPolicy.maxMs);
    // A board that sometimes answers within hours keeps re-visiting early.
    expect(quietPeriodMs(bins({ 2: 10, 200: 90 }))).toBe(0);
  });
});
