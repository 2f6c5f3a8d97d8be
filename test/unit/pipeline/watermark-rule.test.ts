import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { defaultListSchedule, sweepInterval, updateRate } from '../../../src/frontier/list-schedule.js';
import { hourOfWeekCst } from '../../../src/frontier/posting-week.js';
import { nextWatermark } from '../../../src/frontier/watermarks.js';
import type { ListCheckpoint } from '../../../src/sources/define-source.js';

const cp = (over: Partial<ListCheckpoint>): ListCheckpoint => ({ scope: '539', top: 100, ended: 'end', cutAt: null, listed: 3, ...over });

describe('nextWatermark', () => {
  it('raises to the sweep top when the sweep reached the old watermark', () => {
    expect(nextWatermark(50, cp({ ended: 'cut', cutAt: 50 }))).toBe(100);
    expect(nextWatermark(50, cp({ ended: 'cut', cutAt: 42 }))).toBe(100);
  });

  it('raises when the list ran out', () => {
    expect(nextWatermark(50, cp({ ended: 'end' }))).toBe(100);
  });

  it('keeps the old value over a gap: page limit, or a since cut above the old watermark', () => {
    expect(nextWatermark(50, cp({ ended: 'limit' }))).toBe(50);
    expect(nextWatermark(50, cp({ ended: 'cut', cutAt: 70 }))).toBe(50);
  });

  it('sets a baseline on the first sweep, whatever stopped it', () => {
    expect(nextWatermark(0, cp({ ended: 'limit' }))).toBe(100);
    expect(nextWatermark(0, cp({ ended: 'cut', cutAt: 70 }))).toBe(100);
  });

  it('never lowers the watermark and ignores an empty list', () => {
    expect(nextWatermark(500, cp({ ended: 'end', top: 100 }))).toBe(500);
    expect(nextWatermark(50, cp({ top: null }))).toBe(50);
    fc.assert(
      fc.property(fc.nat(), fc.option(fc.nat()), fc.constantFrom<ListCheckpoint['ended']>('cut', 'end', 'limit'), fc.option(fc.nat()), (old, top, ended, cutAt) => {
        expect(nextWatermark(old, cp({ top, ended, cutAt }))).toBeGreaterThanOrEqual(old);
      }),
    );
  });
});

describe('list sweep schedule', () => {
  const HOUR = 3_600_000;

  it('estimates posts per hour from what a sweep found since the previous one', () => {
    expect(updateRate(null, 6, 3 * HOUR)).toBeCloseTo(2);
    // Half old estimate, half new observation.
    expect(updateRate(2, 0, 3 * HOUR)).toBeCloseTo(1);
    // A sweep right after another does not divide by ~0.
    expect(updateRate(null, 1, 0)).toBeCloseTo(60);
  });

  // A Tuesday 10:00 and a Saturday 04:00 in China time (UTC+8).
  const tuesday10 = new Date('2026-11-24T10:00:00+08:00');
  const saturday04 = new Date('2026-11-28T04:00:00+08:00');
  const flat = { ...defaultListSchedule, week: null };

  it('sweeps by the square-root rule on the rate, within the bounds', () => {
    const ref = { ...flat, referenceMs: 30 * 60_000, maxMs: 6 * HOUR };
    expect(sweepInterval(1, tuesday10, ref)).toBe(30 * 60_000);
    expect(sweepInterval(0.25, tuesday10, ref)).toBe(HOUR);
    expect(sweepInterval(0.0625, tuesday10, ref)).toBe(2 * HOUR);
    expect(sweepInterval(0.0001, tuesday10, ref)).toBe(6 * HOUR);
    expect(sweepInterval(1000, tuesday10, flat)).toBe(defaultListSchedule.minMs);
    expect(sweepInterval(0, tuesday10, flat)).toBe(defaultListSchedule.maxMs);
    expect(sweepInterval(null, tuesday10, flat)).toBe(defaultListSchedule.referenceMs);
    // Exponent 1 is one sweep per expected post.
    expect(sweepInterval(0.5, tuesday10, { ...ref, exponent: 1, referenceMs: HOUR })).toBe(2 * HOUR);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 2e12 }), (a, b, t) => {
        // Busier never means a longer wait, at any hour.
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(sweepInterval(hi, new Date(t))).toBeLessThanOrEqual(sweepInterval(lo, new Date(t)));
      }),
    );
  });

  it('sweeps more often in the busy hours of the week than at night', () => {
    const busy = sweepInterval(0.05, tuesday10);
    const night = sweepInterval(0.05, saturday04);
    expect(busy).toBeLessThan(sweepInterval(0.05, tuesday10, flat));
    expect(night).toBeGreaterThan(2 * busy);
    expect(hourOfWeekCst(tuesday10)).toBe(24 + 10);
    expect(hourOfWeekCst(saturday04)).toBe(5 * 24 + 4);
    expect(hourOfWeekCst(new Date('2026-11-30T00:30:00+08:00'))).toBe(0);
  });
});
