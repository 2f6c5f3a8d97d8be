import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { nextWatermark } from '../../../src/frontier/watermarks.js';
import type { ListCheckpoint } from '../../../src/sources/define-source.js';

const cp = (over: Partial<ListCheckpoint>): ListCheckpoint => ({ scope: '539', top: 100, ended: 'end', cutAt: null, ...over });

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
