import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { firstMissing, nextFree } from '../../../src/store/id-probe.js';

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

describe('nextFree', () => {
  it('guesses the hint itself with one lookup when the id before it exists, never past a hole', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 600 }), fc.boolean(), async (k, hint, guess) => {
        let lookups = 0;
        const exists = async (n: number) => {
          lookups += 1;
          return n >= 1 && n <= k;
        };
        const { n, guessed } = await nextFree(exists, hint, guess);
        // The id before the one returned always exists: inserting there leaves no gap.
        expect(n === 1 || n - 1 <= k).toBe(true);
        expect(guessed).toBe(guess && hint - 1 <= k);
        if (guessed) {
          expect(n).toBe(hint);
          expect(lookups).toBe(hint === 1 ? 0 : 1);
        } else expect(n).toBe(k + 1);
      }),
    );
  });
});
