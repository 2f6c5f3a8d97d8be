import { describe, expect, it } from 'vitest';

import { authorKey, isDistinctiveAuthor, titleKey } from '../../../src/dedup/author.js';
import { fingerprint } from '../../../src/dedup/fingerprint.js';
import { MemoryDedupIndex } from '../../../src/dedup/memory-index.js';
import { AUTHOR_CONTAINMENT_MIN, AUTHOR_JACCARD_MIN, compareTexts, confirmSameIssue } from '../../../src/dedup/similarity.js';
import { dedupText } from '../../../src/dedup/text.js';

// Synthetic texts. ORIGINAL and FOLLOW_UP (the same petitioner asking again, shorter, in
// other words) share no LSH band key and sit at Jaccard 0.18, containment 0.52: a follow-up
// only the author can tie to its original.
const ORIGINAL = { title: '幸福里小区垃圾站臭味扰民', body: '幸福里小区北门的垃圾站每天早上六点才清运，夏天臭味很大，三号楼和五号楼的住户都不敢开窗，物业说归环卫所管，请城管局协调把垃圾站迁走或者加密清运。' };
const FOLLOW_UP = { title: '再次反映', body: '北门的垃圾站还是每天早上六点才清运，住户都不敢开窗，请尽快处理。' };

describe('author identity', () => {
  it('takes account names, real names and ids as identifying a person', () => {
    for (const a of ['zhangwei2019', '李建国', 'A0001234', '湘江边的老王']) expect(isDistinctiveAuthor(a)).toBe(true);
  });

  it('refuses masked nicknames, placeholders, single characters and blanks', () => {
    for (const a of ['陈***', '18********5', 'b***', '王＊＊', '张..', '匿名', '网友', ' 热心 市民 ', 'Anonymous', '陈', '', null, undefined]) {
      expect(isDistinctiveAuthor(a), String(a)).toBe(false);
    }
  });

  it('keys by source and author: spacing and case do not matter, another source is another person', () => {
    const k = authorKey('rednet', 'ZhangWei 2019');
    expect(k).toMatch(/^[0-9a-f]{16}$/);
    expect(authorKey('rednet', 'zhangwei2019')).toBe(k);
    expect(authorKey('renmin', 'zhangwei2019')).not.toBe(k);
    expect(authorKey('rednet', 'lisi')).not.toBe(k);
    expect(authorKey('rednet', '陈***')).toBeNull();
    expect(authorKey(null, 'zhangwei2019')).toBeNull();
  });

  it('the key never holds the name itself', () => {
    const fp = fingerprint({ ...ORIGINAL, source: 'rednet', author: '李建国' });
    expect(JSON.stringify(fp)).not.toContain('李建国');
    expect(fp.authorKey).toBe(authorKey('rednet', '李建国'));
  });
});

describe('same-author follow-ups', () => {
  const [a, b] = [dedupText(ORIGINAL), dedupText(FOLLOW_UP)];
  const s = compareTexts(a, b);

  it('the fixture is a follow-up only the author can tie: below the text thresholds, above the author ones', () => {
    expect(s.jaccard).toBeLessThan(AUTHOR_JACCARD_MIN);
    expect(s.containment).toBeGreaterThanOrEqual(AUTHOR_CONTAINMENT_MIN);
    expect(fingerprint(ORIGINAL).bands.filter((k) => fingerprint(FOLLOW_UP).bands.includes(k))).toEqual([]);
  });

  it('confirms the pair only for the same author', () => {
    expect(confirmSameIssue(a, b, s)).toBe(false);
    expect(confirmSameIssue(a, b, s, true)).toBe(true);
  });

  it('a different petition by the same author is still a different issue', () => {
    const other = dedupText({ title: '学府路夜市油烟', body: '学府路夜市的烧烤摊每晚营业到凌晨两点，油烟和噪音让沿街住户无法休息，请城管局规范夜市经营时间。' });
    expect(confirmSameIssue(a, other, compareTexts(a, other), true)).toBe(false);
  });

  it('the in-memory index proposes and links same-author follow-ups, and only those', () => {
    // One index per probe: the probes are copies of each other and would match by text.
    const after = (source: string, author: string) => {
      const index = new MemoryDedupIndex();
      index.add('o', { ...ORIGINAL, source: 'rednet', author: '李建国' });
      return { matches: index.add('f', { ...FOLLOW_UP, source, author }), joined: index.find('f') === index.find('o') };
    };
    expect(after('rednet', '李建国')).toEqual({ matches: ['o'], joined: true });
    expect(after('rednet', '李***')).toEqual({ matches: [], joined: false });
    expect(after('rednet', '王建国')).toEqual({ matches: [], joined: false });
    expect(after('renmin', '李建国')).toEqual({ matches: [], joined: false });
  });
});

describe('same-author posts under the same title (重复留言)', () => {
  // Asking again under the same title in words that share little with the first post:
  // below even the author thresholds.
  const AGAIN = { title: '幸福里小区垃圾站臭味扰民！', body: '上个月反映过这件事，到现在没有任何答复，天气越来越热了，希望有关部门重视起来。' };
  const [a, b] = [dedupText(ORIGINAL), dedupText(AGAIN)];
  const s = compareTexts(a, b);

  it('keys titles by their letters and digits, and gives short titles no key', () => {
    expect(titleKey(AGAIN.title)).toMatch(/^[0-9a-f]{16}$/);
    expect(titleKey(' 幸福里小区 垃圾站臭味扰民 ')).toBe(titleKey(ORIGINAL.title));
    expect(titleKey('幸福里小区垃圾站臭味扰民问题')).not.toBe(titleKey(ORIGINAL.title));
    for (const t of ['再次反映', '咨询问题！', '', null]) expect(titleKey(t), String(t)).toBeNull();
  });

  it('confirms the pair for the same author and the same title only', () => {
    expect(s.jaccard).toBeLessThan(AUTHOR_JACCARD_MIN);
    expect(s.containment).toBeLessThan(AUTHOR_CONTAINMENT_MIN);
    expect(confirmSameIssue(a, b, s, true)).toBe(false);
    expect(confirmSameIssue(a, b, s, false, true)).toBe(false);
    expect(confirmSameIssue(a, b, s, true, true)).toBe(true);
  });

  it('the in-memory index links them by author and title, not by title alone', () => {
    const after = (author: string, title: string) => {
      const index = new MemoryDedupIndex();
      index.add('o', { ...ORIGINAL, source: 'rednet', author: '李建国' });
      return index.add('f', { ...AGAIN, title, source: 'rednet', author });
    };
    expect(after('李建国', AGAIN.title)).toEqual(['o']);
    expect(after('李建国', '垃圾站的事还没人管')).toEqual([]);
    expect(after('王建国', AGAIN.title)).toEqual([]);
  });
});
