import { describe, expect, it } from 'vitest';

import { compareTexts, confirmSameIssue, isSameIssue } from '../../../src/dedup/similarity.js';
import { specificConflicts } from '../../../src/dedup/specifics.js';
import { canonicalChars } from '../../../src/dedup/text.js';

// Two petitions written from the same sentences (as template-heavy boards and the simulator
// produce them), and re-posts of one of them.
const frame = (village: string, months: string) =>
  canonicalChars(`${village}村村务不公开，我们是${village}村的村民，向乡里反映过${months}个月都说在研究，请上级部门调查核实。`);

describe('specificConflicts', () => {
  it('finds a swapped village name and a swapped number in parallel text', () => {
    const conflicts = specificConflicts(frame('石桥', '5'), frame('黄土', '4'));
    expect(conflicts).toEqual(
      expect.arrayContaining([
        { kind: 'name', a: '石桥村', b: '黄土村' },
        { kind: 'number', a: '5', b: '4' },
      ]),
    );
  });

  it('finds estate names of different suffixes of one kind (城 / 家园)', () => {
    const a = canonicalChars('康乐城项目逾期交房，开发商说因为规划验收没通过办不了不动产证。');
    const b = canonicalChars('铂悦家园项目逾期交房，开发商说因为规划验收没通过办不了不动产证。');
    expect(specificConflicts(a, b)).toEqual([{ kind: 'name', a: '康乐城', b: '铂悦家园' }]);
  });

  it('finds names whose common tail the alignment took as an anchor (金桂|华府 / 翠湖|华府)', () => {
    const a = canonicalChars('金桂华府流浪狗伤人，小区里有十几只流浪狗成群结队，请相关部门收容流浪狗。');
    const b = canonicalChars('翠湖华府流浪狗伤人，小区里有十几只流浪狗成群结队，请相关部门收容流浪狗。');
    expect(specificConflicts(a, b)).toEqual([{ kind: 'name', a: '金桂华府', b: '翠湖华府' }]);
  });

  it('reads the whole head of a short gap as the name, grammatical characters and all (和平新村, 和平|华府)', () => {
    // 和 ends a stem read backwards (和平 would be lost as 平), but a gap bounded by shared
    // text on both sides is nothing but the name.
    const a = canonicalChars('和平新村交房质量问题多，我是和平新村二期的业主，合同约定去年交房，到现在楼停工好几个月了。');
    const b = canonicalChars('银杏湾交房质量问题多，我是银杏湾二期的业主，合同约定去年交房，到现在楼停工好几个月了。');
    expect(specificConflicts(a, b)).toContainEqual({ kind: 'name', a: '和平新村', b: '银杏湾' });
    const c = canonicalChars('和平华府流浪狗伤人，小区里有十几只流浪狗成群结队，请相关部门收容流浪狗。');
    const d = canonicalChars('嘉禾华府流浪狗伤人，小区里有十几只流浪狗成群结队，请相关部门收容流浪狗。');
    expect(specificConflicts(c, d)).toEqual([{ kind: 'name', a: '和平华府', b: '嘉禾华府' }]);
  });

  it('finds estates named …雅居, and takes a head opening with a pronoun for no name (我们小区)', () => {
    const a = canonicalChars('嘉禾苑顶楼违建无人查处，向街道反映7次，执法人员来看过后就没了下文。');
    const b = canonicalChars('盛世雅居顶楼违建无人查处，向街道反映7次，执法人员来看过后就没了下文。');
    expect(specificConflicts(a, b)).toEqual([{ kind: 'name', a: '嘉禾苑', b: '盛世雅居' }]);
    const c = canonicalChars('我们小区顶楼违建无人查处，向街道反映7次，执法人员来看过后就没了下文。');
    expect(specificConflicts(c, a)).toEqual([]);
  });

  it('reads no name into the anchor from words before a shared name or from a pseudonymised one', () => {
    // 饭店|a1区 / 证明|a1区: the name is the same a1区 on both sides; the gap is other words.
    const a = canonicalChars('我们去了饭店a1区城管说这不归他们管，油烟直排扰民，请尽快处理。');
    const b = canonicalChars('我们开了证明a1区城管说这不归他们管，油烟直排扰民，请尽快处理。');
    expect(specificConflicts(a, b)).toEqual([]);
  });

  it('reads two-character stems that differ in their first character as two names (王庄 / 新庄)', () => {
    // 王|庄村 / 新|庄村: the first character tells villages of one generic 庄 apart; a
    // difference in the second is a misspelling (金贸 / 金茂, below).
    const swapped = { kind: 'name', a: '王庄村', b: '新庄村' };
    expect(specificConflicts(frame('王庄', '5'), frame('新庄', '5'))).toEqual([swapped, swapped]); // title and body
    expect(specificConflicts(frame('王庄', '5'), frame('王家', '5'))).toEqual([]);
  });

  it('compares names at the head of two long gaps, right after shared text (佳木斯市|开发区… / 佳木斯市|城关区…)', () => {
    const a = canonicalChars('给佳木斯市开发区中央名苑社区工作人员点赞，我家老人行动不便，需要办理社保认证，社区工作人员主动上门帮老人办理了手续。');
    const b = canonicalChars('感谢佳木斯市城关区不动产登记窗口，我家老人行动不便，需要办理社保认证，社区工作人员主动上门帮老人办理了手续。');
    expect(specificConflicts(a, b)).toEqual([{ kind: 'name', a: '开发区', b: '城关区' }]);
  });

  it('reads numbers outside the alignment only when the texts share no figure', () => {
    // 生活了|12年… / 生活了|9年…: two long gaps that open with a number before the same unit.
    const a = canonicalChars('违建扰民，我在这里生活了12年，滨江湾一楼住户侵占公共绿地扩建院子，请依法拆除。');
    const b = canonicalChars('违建扰民，我在这里生活了9年，咱们红旗路一楼住户侵占公共绿地扩建院子，请依法拆除。');
    expect(specificConflicts(a, b)).toEqual([{ kind: 'number', a: '12年', b: '9年' }]);
    // 要走2公里 / 要走6公里 in sentences the alignment cannot pair (their order differs).
    const c = canonicalChars('嘉禾苑公交线路调整后出行不便。线路调整后最近的站点要走2公里。车上的报站器经常不报站，外地人容易坐过站。请交通部门调研客流。');
    const d = canonicalChars('嘉禾苑公交线路调整后出行不便。车上的报站器经常不报站，外地人容易坐过站。线路调整后最近的站点要走6公里。请交通部门调研客流。');
    expect(specificConflicts(c, d)).toEqual([{ kind: 'number', a: '2公', b: '6公' }]);
    expect(specificConflicts(c, d.replace('6公里', '2公里'))).toEqual([]);
    // A figure common to both (反映过3次, 12345热线) makes them two accounts of one complaint,
    // where one figure may be updated: only the aligned check applies then.
    const shared = (x: string) => x.replace('违建扰民', '违建扰民反映过3次');
    expect(specificConflicts(shared(a), shared(b))).toEqual([]);
    expect(specificConflicts(`${c}已打过12345热线。`, `${d}已打过12345热线。`)).toEqual([]);
  });

  it('finds nothing in a re-post that adds a prefix and drops a sentence', () => {
    const original = canonicalChars('石桥村村务不公开，我们是石桥村的村民，补偿款只发了一部分。向乡里反映过5个月都说在研究，请上级部门调查核实。');
    const repost = canonicalChars('再次反映：石桥村村务不公开，我们是石桥村的村民，补偿款只发了一部分。请上级部门调查核实！');
    expect(specificConflicts(original, repost)).toEqual([]);
  });

  it('treats a misspelt name and a number written in words as the same specific', () => {
    const a = canonicalChars('金贸路的路灯坏了三个月，晚上一片漆黑，请尽快维修。');
    const b = canonicalChars('金茂路的路灯坏了3个月，晚上一片漆黑，请尽快维修。');
    expect(specificConflicts(a, b)).toEqual([]);
  });

  it('ignores a name or number that the other text also has elsewhere (moved, not swapped)', () => {
    const a = canonicalChars('我们是石桥村的村民，隔壁黄土村也一样，补偿款只发了一部分。');
    const b = canonicalChars('我们是黄土村的村民，隔壁石桥村也一样，补偿款只发了一部分。');
    expect(specificConflicts(a, b)).toEqual([]);
  });

  it('does not read a grammatical word before a suffix as a name', () => {
    const a = canonicalChars('回复均是让我们去找社区，问题一直没解决。');
    const b = canonicalChars('回复说的是让我们去找街道，问题一直没解决。');
    expect(specificConflicts(a, b)).toEqual([]);
  });
});

describe('confirmSameIssue', () => {
  it('rejects two template petitions about different villages that the thresholds alone accept', () => {
    const a = frame('石桥', '5');
    const b = frame('黄土', '4');
    expect(isSameIssue(compareTexts(a, b))).toBe(true);
    expect(confirmSameIssue(a, b)).toBe(false);
  });

  it('accepts a re-post, and a near-copy that corrects one number (Jaccard at or above the bound)', () => {
    const a = frame('石桥', '5');
    expect(confirmSameIssue(a, canonicalChars(`再次反映${a}`))).toBe(true);
    const long = canonicalChars('石桥村村务不公开，我们是石桥村的村民，补偿款只发了一部分，村里的账目公示栏里贴的还是三年前的，土地流转合同是村干部代签的大家都不知情，向乡里反映过5个月都说在研究，请上级部门调查核实。');
    const corrected = long.replace('5个月', '6个月');
    expect(specificConflicts(long, corrected)).toEqual([{ kind: 'number', a: '5', b: '6' }]);
    expect(compareTexts(long, corrected).jaccard).toBeGreaterThanOrEqual(0.7);
    expect(confirmSameIssue(long, corrected)).toBe(true);
  });
});

describe('specificConflicts on long texts', () => {
  it('skips the alignment when it would exceed its cell budget (texts of 2,100 characters)', () => {
    const a = `石桥村${'的'.repeat(2100)}`;
    const b = `黄土村${'的'.repeat(2100)}`;
    expect(specificConflicts(a.slice(0, 1900), b.slice(0, 1900))).toEqual([{ kind: 'name', a: '石桥村', b: '黄土村' }]);
    expect(specificConflicts(a, b)).toEqual([]);
  });
});
