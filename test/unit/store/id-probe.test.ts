import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { firstMissing } from '../../../src/store/id-probe.js';

describe('firstMissing', () => {
  it('finds the end of a gap-free run from any hint that does not run ahead', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 }), async (k, h) => {
        let lookups = 0;
        const exists = async (n: number) => {
          lookups += 1;
          return n >= 1 && n <= k;
        };
        const hint = Math.min(h, k + 1);
        expect(await firstMissing(exists, hint)).toBe(k + 1);
        expect(lookups).toBeLessThanOrEqual(2 * Math.log2(k + 2) + 4 + 2 * Math.log2(Math.max(2, k + 2 - hint)));
      }),
    );
  });

  it('recovers from a hint that runs ahead of the data', async () => {
    const exists = async (n: number) => n >= 1 && n <= 10;
    expect(await firstMissing(exists, 1000)).toBe(11);
  });
});
