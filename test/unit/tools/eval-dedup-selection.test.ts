import { describe, expect, it } from 'vitest';

import { MAX_BAND_CANDIDATES } from '../../../src/dedup/dedup-index.js';
import type { DedupInput } from '../../../src/dedup/text.js';
import { selectionReport } from '../../../tools/eval-dedup-selection.js';

const BODY = '我们小区地下车库一到下雨天就大面积积水车辆无法进出物业一直推说是开发商的问题开发商又说已经移交物业多次反映没有结果恳请住建部门督促尽快维修排水系统';
const WORDS = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥';

/** Near-copies of one complaint: each adds two characters of its own at the end. */
function corpus(n: number): Map<string, DedupInput> {
  return new Map(Array.from({ length: n }, (_, i) => [`m${String(i).padStart(2, '0')}`, { title: '地下车库积水', body: `${BODY}${WORDS[i % WORDS.length]}${WORDS[(i * 7) % WORDS.length]}` }]));
}

describe('selectionReport', () => {
  it('counts what the selection reads and the true pairs it drops once a message has more band-only candidates than the limit', () => {
    const inputs = corpus(MAX_BAND_CANDIDATES + 6);
    const ids = [...inputs.keys()];
    const r = selectionReport(ids, inputs, () => true);
    expect(r.messages).toBe(ids.length);
    // The last message meets all earlier ones in its bands, and reads only the limit.
    expect(r.maxBandOnly).toBe(ids.length - 1);
    expect(Math.max(...r.selectedPerMessage)).toBeLessThanOrEqual(MAX_BAND_CANDIDATES);
    expect(r.trueOffered).toBeGreaterThan(r.trueSelected);
    expect(r.confirmedOffered - r.confirmedSelected).toBe(r.trueOffered - r.trueSelected);
  });

  it('loses nothing when no message has more than the limit', () => {
    const inputs = corpus(6);
    const ids = [...inputs.keys()];
    const r = selectionReport(ids, inputs, (a, b) => a < 'm03' && b < 'm03');
    expect(r.offeredPerMessage).toEqual(r.selectedPerMessage);
    expect(r.trueSelected).toBe(r.trueOffered);
    expect(r.trueOffered).toBe(3);
    expect(r.confirmedOffered).toBe(15);
  });
});
