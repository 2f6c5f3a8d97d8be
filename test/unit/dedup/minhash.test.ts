import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { fingerprint } from '../../../src/dedup/fingerprint.js';
import { BANDS, bandKeys, estimateJaccard, minhashSignature, NUM_HASHES } from '../../../src/dedup/minhash.js';
import { hashString, shingleSet } from '../../../src/dedup/shingles.js';
import { compareSets, compareTexts, isSameIssue } from '../../../src/dedup/similarity.js';
import { canonicalChars, exactTextHash } from '../../../src/dedup/text.js';

const han = fc.integer({ min: 0x4e00, max: 0x4fff }).map((c) => String.fromCharCode(c));
const hanText = (min: number, max: number) => fc.array(han, { minLength: min, maxLength: max }).map((a) => a.join(''));

describe('shingles', () => {
  it('hashes every 3-character window, and short texts to one shingle', () => {
    expect(shingleSet('abcde').size).toBe(3);
    expect(shingleSet('ab')).toEqual(new Set([hashString('ab')]));
    expect(shingleSet('').size).toBe(0);
  });

  it('counts surrogate pairs as one character', () => {
    expect(shingleSet('𠀀𠀁𠀂').size).toBe(1);
  });
});

describe('minhash and LSH', () => {
  it('is deterministic: same text, same signature and band keys (stable constants)', () => {
    const a = fingerprint({ title: '路灯不亮', body: '锦绣家园东门外路灯坏了两个月。' });
    const b = fingerprint({ title: '路灯不亮', body: '锦绣家园东门外路灯坏了两个月。' });
    expect(a).toEqual(b);
    expect(a.bands).toHaveLength(BANDS);
    expect(a.bands[0]).toMatch(/^0:[0-9a-f]{16}$/);
  });

  it('estimates Jaccard within sampling error', () => {
    fc.assert(
      fc.property(hanText(60, 200), hanText(0, 120), (common, extra) => {
        const a = shingleSet(common);
        const b = shingleSet(common + extra);
        const exact = compareSets(a, b).jaccard;
        const est = estimateJaccard(minhashSignature(a), minhashSignature(b));
        // 126 hashes: standard error ≤ 0.045; 4.5 sigma keeps the property test stable.
        expect(Math.abs(est - exact)).toBeLessThan(0.2);
      }),
      { numRuns: 50 },
    );
  });

  it('always shares a band key with an identical or lightly edited copy', () => {
    fc.assert(
      fc.property(hanText(80, 300), (text) => {
        const edited = `再次反映${text}`;
        const shared = bandKeys(minhashSignature(shingleSet(text))).filter((k) => bandKeys(minhashSignature(shingleSet(edited))).includes(k));
        expect(shared.length).toBeGreaterThan(0);
      }),
      { numRuns: 50 },
    );
  });

  it('has a signature of BANDS × ROWS values', () => {
    expect(minhashSignature(shingleSet('abcdef')).length).toBe(NUM_HASHES);
  });
});

describe('similarity', () => {
  it('is symmetric and 1 for identical texts', () => {
    fc.assert(
      fc.property(hanText(1, 100), hanText(1, 100), (a, b) => {
        expect(compareTexts(a, b)).toEqual(compareTexts(b, a));
        expect(compareTexts(a, a).jaccard).toBe(1);
      }),
    );
  });

  it('accepts a re-post that drops a sentence (containment) but not a short accidental overlap', () => {
    const s1 = '和平新村北门外的排水管道堵塞，每逢下雨污水漫到小区门口，臭味很大。';
    const s2 = '居民出入只能踩着砖头走，已经反映过三次了，一直没有人来处理。';
    const s3 = '附近幼儿园的孩子每天都要经过这里，家长们非常担心孩子的安全问题。';
    const full = canonicalChars(s1 + s2 + s3);
    expect(isSameIssue(compareTexts(full, canonicalChars(`再次反映${s1}${s3}`)))).toBe(true);
    expect(isSameIssue(compareTexts(canonicalChars('排水管道堵塞'), full))).toBe(false);
  });

  it('exact hash ignores whitespace and punctuation only', () => {
    expect(exactTextHash({ title: '路灯 不亮', body: '坏了，两个月。' })).toBe(exactTextHash({ title: '路灯不亮', body: '坏了两个月' }));
    expect(exactTextHash({ title: '路灯不亮', body: '坏了两个月' })).not.toBe(exactTextHash({ title: '路灯不亮', body: '坏了三个月' }));
  });
});
