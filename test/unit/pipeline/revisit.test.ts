import { describe, expect, it } from 'vitest';

import { defaultRevisitPolicy, isAnswered, isSettled, nextVisit } from '../../../src/pipeline/revisit.js';

const HOUR = 3_600_000;
const now = new Date('2026-06-10T00:00:00Z');
const open = { status: { code: 'pending' as const, raw: '待回复' }, evaluation: null, postedAt: new Date('2026-06-09T00:00:00Z') };

describe('revisit policy', () => {
  it('re-checks an open message soon, then less and less often, up to the cap', () => {
    const gaps = [0, 1, 2, 3, 10].map((v) => nextVisit(open, v, now)!.getTime() - now.getTime());
    expect(gaps).toEqual([6 * HOUR, 12 * HOUR, 12 * HOUR, 12 * HOUR, defaultRevisitPolicy.openMaxMs]);
    // Answered (waiting for a rating): the gaps grow to the longer cap.
    const answered = { ...open, status: { code: 'replied' as const, raw: '已办理' } };
    const later = [0, 1, 2, 3, 10].map((v) => nextVisit(answered, v, now)!.getTime() - now.getTime());
    expect(later).toEqual([6 * HOUR, 12 * HOUR, 24 * HOUR, 48 * HOUR, defaultRevisitPolicy.maxMs]);
    expect(isAnswered(answered)).toBe(true);
    expect(isAnswered(open)).toBe(false);
  });

  it('checks an unanswered message past the answer window like an answered one', () => {
    const stale = { ...open, postedAt: new Date(now.getTime() - defaultRevisitPolicy.answerWindowMs - HOUR) };
    expect(nextVisit(stale, 10, now)!.getTime() - now.getTime()).toBe(defaultRevisitPolicy.maxMs);
    const inWindow = { ...open, postedAt: new Date(now.getTime() - defaultRevisitPolicy.answerWindowMs + HOUR) };
    expect(nextVisit(inWindow, 10, now)!.getTime() - now.getTime()).toBe(defaultRevisitPolicy.openMaxMs);
  });

  it('waits out the quiet period for an unanswered message, not for an answered one', () => {
    const quiet = { ...defaultRevisitPolicy, quietMs: 48 * HOUR };
    // Posted a day ago: nothing before it is two days old.
    expect(nextVisit(open, 0, now, quiet)!.getTime()).toBe(open.postedAt.getTime() + 48 * HOUR);
    // Past the quiet period the usual gaps apply.
    const older = { ...open, postedAt: new Date(now.getTime() - 3 * 24 * HOUR) };
    expect(nextVisit(older, 1, now, quiet)!.getTime() - now.getTime()).toBe(12 * HOUR);
    const answered = { ...open, status: { code: 'replied' as const, raw: '已办理' } };
    expect(nextVisit(answered, 0, now, quiet)!.getTime() - now.getTime()).toBe(6 * HOUR);
  });

  it('stops for closed messages and for answered, rated ones', () => {
    expect(isSettled({ status: { code: 'closed', raw: '已办结' }, evaluation: null })).toBe(true);
    const rated = { label: '满意', resolution: 5, attitude: 5, speed: 4, text: null, at: null };
    expect(nextVisit({ ...open, status: { code: 'replied', raw: '已办理' }, evaluation: rated }, 0, now)).toBeNull();
  });

  it('keeps checking an answered message until it is rated', () => {
    expect(nextVisit({ ...open, status: { code: 'replied', raw: '已办理' } }, 0, now)).not.toBeNull();
  });

  it('gives up on messages older than the policy allows', () => {
    const old = { ...open, postedAt: new Date(now.getTime() - defaultRevisitPolicy.giveUpAfterMs - 1) };
    expect(nextVisit(old, 0, now)).toBeNull();
  });
});
