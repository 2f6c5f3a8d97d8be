import { describe, expect, it } from 'vitest';

import { MAX_BAND_CANDIDATES, selectCandidates } from '../../../src/dedup/dedup-index.js';

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);

describe('selectCandidates', () => {
  it('keeps every message the exact-copy and author lists name, however many', () => {
    const seen = new Map<string, string[]>([
      ['x:h', ids('copy', 20)],
      ['a:k', ids('mine', 30)],
      ['b0', ids('weak', 40)],
    ]);
    const out = selectCandidates(seen, ['x:h', 'a:k'], 'self');
    expect(out.filter((id) => id.startsWith('copy'))).toHaveLength(20);
    expect(out.filter((id) => id.startsWith('mine'))).toHaveLength(30);
    expect(out.filter((id) => id.startsWith('weak'))).toHaveLength(MAX_BAND_CANDIDATES);
  });

  it('takes the band-only candidates sharing the most bands, ties by id, and never the message itself', () => {
    const many = ids('one', 30); // one band each
    const seen = new Map<string, string[]>([
      ['b0', ['zz-three', 'mm-two', 'self', ...many]],
      ['b1', ['zz-three', 'mm-two']],
      ['b2', ['zz-three']],
    ]);
    const out = selectCandidates(seen, ['x:none', null], 'self');
    expect(out).toHaveLength(MAX_BAND_CANDIDATES);
    expect(out.slice(0, 2)).toEqual(['zz-three', 'mm-two']);
    expect(out.slice(2)).toEqual(many.slice(0, MAX_BAND_CANDIDATES - 2));
    expect(out).not.toContain('self');
  });

  it('lists a message named by a key and sharing bands once, among the named', () => {
    const seen = new Map<string, string[]>([
      ['a:k', ['both']],
      ['b0', ['both', 'other']],
      ['b1', ['both']],
    ]);
    expect(selectCandidates(seen, ['x:h', 'a:k'], 'self')).toEqual(['both', 'other']);
  });

  it('keeps all band-only candidates when there are few', () => {
    const seen = new Map<string, string[]>([['b0', ['p', 'q']], ['b1', ['r']]]);
    expect(selectCandidates(seen, ['x:h', null], 'self').sort()).toEqual(['p', 'q', 'r']);
  });
});
