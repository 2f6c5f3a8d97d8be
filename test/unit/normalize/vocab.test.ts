import { describe, expect, it } from 'vitest';
import { DOMAIN_CODES, normalizeDomain, normalizeStatus, normalizeType } from '../../../src/normalize/vocab.js';

describe('normalizeStatus', () => {
  it.each([
    ['待回复', 'pending'],
    ['待受理', 'pending'],
    ['办理中', 'processing'],
    ['处理中', 'processing'],
    ['受理', 'processing'],
    ['已受理', 'processing'],
    ['已办理', 'replied'],
    ['已回复', 'replied'],
    ['已解决', 'replied'],
    ['办结', 'closed'],
    ['已办结', 'closed'],
    ['办理完毕', 'closed'],
    ['辦理中', 'processing'],
    [' 已办结 ', 'closed'],
    ['已回复待评价', 'replied'],
    ['一次评价待解释', 'unknown'],
    ['未交办', 'pending'],
  ] as const)('%s → %s', (raw, code) => {
    expect(normalizeStatus(raw)).toEqual({ code, raw });
  });

  it('maps rednet is_reply codes', () => {
    expect(normalizeStatus('0').code).toBe('pending');
    expect(normalizeStatus('1').code).toBe('replied');
    expect(normalizeStatus('2').code).toBe('processing');
  });

  it('keeps a missing status as unknown with a null raw value', () => {
    expect(normalizeStatus(null)).toEqual({ code: 'unknown', raw: null });
    expect(normalizeStatus('火星文').code).toBe('unknown');
  });
});

describe('normalizeType', () => {
  it.each([
    ['投诉/求助', 'complaint'],
    ['投诉', 'complaint'],
    ['反映问题', 'complaint'],
    ['求助', 'help'],
    ['咨询', 'consultation'],
    ['建言', 'suggestion'],
    ['建议', 'suggestion'],
    ['感谢', 'thanks'],
    ['諮詢', 'consultation'],
    ['群众路线', 'other'],
    ['2', 'other'],
  ] as const)('%s → %s', (raw, code) => {
    expect(normalizeType(raw)).toEqual({ code, raw });
  });
});

describe('normalizeDomain', () => {
  it('maps all fifteen liuyan domain names to distinct codes', () => {
    const names = '城建 交通 环保 教育 企业 医疗 政务 文娱 三农 就业 旅游 金融 治安 其他 征集'.split(' ');
    const codes = names.map((n) => normalizeDomain(n).code);
    expect(codes.every((c) => c !== null)).toBe(true);
    expect(new Set(codes).size).toBe(15);
    expect(Object.keys(DOMAIN_CODES)).toHaveLength(15);
    expect(normalizeDomain('城建')).toEqual({ code: 'urban-construction', raw: '城建' });
    expect(normalizeDomain('治安').code).toBe('public-security');
    expect(normalizeDomain('環保').code).toBe('environment');
  });

  it('leaves unknown or missing domains without a code', () => {
    expect(normalizeDomain('宇宙')).toEqual({ code: null, raw: '宇宙' });
    expect(normalizeDomain('toString')).toEqual({ code: null, raw: 'toString' });
    expect(normalizeDomain(null)).toEqual({ code: null, raw: null });
  });
});
