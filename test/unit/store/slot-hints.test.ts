import { describe, expect, it } from 'vitest';

import { ListContents, SlotHints } from '../../../src/store/slot-hints.js';

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

  it('keeps four keys per set, and a fifth takes the entry with the lowest count', () => {
    // A 4-entry table is one set: every key competes for it.
    const hints = new SlotHints(2);
    hints.raise('a', 5);
    hints.raise('b', 3);
    hints.raise('c', 7);
    hints.raise('d', 2);
    expect(['a', 'b', 'c', 'd'].map((k) => hints.get(k))).toEqual([5, 3, 7, 2]);
    hints.raise('e', 1);
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => hints.get(k))).toEqual([5, 3, 7, 0, 1]);
    hints.raise('f', 4);
    expect(['a', 'b', 'c', 'e', 'f'].map((k) => hints.get(k))).toEqual([5, 3, 7, 0, 4]);
  });

  it('holds counts above 63 as 63 (band lists are capped at 32)', () => {
    const hints = new SlotHints(4);
    hints.raise('k', 1000);
    expect(hints.get('k')).toBe(63);
  });
});

describe('ListContents', () => {
  it('keeps the newest lists up to its size, a list set again counting as new', () => {
    const contents = new ListContents(2);
    contents.set('a', ['m1']);
    contents.set('b', ['m1']);
    contents.set('a', ['m1', 'm2']);
    contents.set('c', ['m3']);
    expect(contents.get('b')).toBeUndefined();
    expect(contents.get('a')).toEqual(['m1', 'm2']);
    expect(contents.get('c')).toEqual(['m3']);
    expect(contents.size).toBe(2);
  });
});
