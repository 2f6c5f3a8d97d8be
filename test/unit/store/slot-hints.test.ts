import { describe, expect, it } from 'vitest';

import { SlotHints } from '../../../src/store/slot-hints.js';

describe('SlotHints', () => {
  it('knows nothing of a key it was not told about', () => {
    expect(new SlotHints(8).get('b3:abc')).toBe(0);
  });

  it('keeps the highest count it was told, never lowering it', () => {
    const hints = new SlotHints(8);
    hints.raise('b3:abc', 2);
    hints.raise('b3:abc', 1);
    expect(hints.get('b3:abc')).toBe(2);
    hints.raise('b3:abc', 5);
    expect(hints.get('b3:abc')).toBe(5);
  });

  it('forgets a key whose entry a later key took, instead of answering with the later count', () => {
    // A 1-entry table: every key shares it, so the fingerprint alone tells them apart.
    const hints = new SlotHints(0);
    hints.raise('first', 7);
    hints.raise('second', 3);
    expect(hints.get('second')).toBe(3);
    expect(hints.get('first')).toBe(0);
  });

  it('holds counts above 255 as 255 (lists are capped far below)', () => {
    const hints = new SlotHints(4);
    hints.raise('k', 1000);
    expect(hints.get('k')).toBe(255);
  });
});
