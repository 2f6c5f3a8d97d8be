import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChineseDate, parseChineseDateStrict, shanghaiToUtc } from '../../../src/parse/dates.js';
import { ParseError } from '../../../src/shared/errors.js';

// 2024-03-05 12:00 in Shanghai.
const now = new Date('2024-03-05T04:00:00Z');
const parse = (raw: unknown): string | null => parseChineseDate(raw, { now })?.toISOString() ?? null;

describe('parseChineseDate', () => {
  it('reads unix seconds and milliseconds, as numbers and digit strings', () => {
    expect(parse(1630627200)).toBe('2021-09-03T00:00:00.000Z');
    expect(parse(1630627200123)).toBe('2021-09-03T00:00:00.123Z');
    expect(parse('1630627200')).toBe('2021-09-03T00:00:00.000Z');
  });

  it('reads wall-clock formats as Asia/Shanghai', () => {
    expect(parse('2021-09-03 12:30')).toBe('2021-09-03T04:30:00.000Z');
    expect(parse('2021-09-03 12:30:05')).toBe('2021-09-03T04:30:05.000Z');
    expect(parse('2021/9/3')).toBe('2021-09-02T16:00:00.000Z');
    expect(parse('2021年9月3日')).toBe('2021-09-02T16:00:00.000Z');
    expect(parse('2021年9月3日 12:30')).toBe('2021-09-03T04:30:00.000Z');
    expect(parse('2021年9月3日12时30分')).toBe('2021-09-03T04:30:00.000Z');
    expect(parse('2021年9月3日 下午3:05')).toBe('2021-09-03T07:05:00.000Z');
    expect(parse('２０２１－０９－０３　１２：３０')).toBe('2021-09-03T04:30:00.000Z');
    expect(parse('20210903')).toBe('2021-09-02T16:00:00.000Z');
  });

  it('finds the date after a label and honours an explicit offset', () => {
    expect(parse('回复时间：2021-01-02 12:00')).toBe('2021-01-02T04:00:00.000Z');
    expect(parse('2021-09-03T12:30:00Z')).toBe('2021-09-03T12:30:00.000Z');
    expect(parse('2021-09-03T12:30:00+08:00')).toBe('2021-09-03T04:30:00.000Z');
  });

  it('resolves relative forms against now', () => {
    expect(parse('刚刚')).toBe('2024-03-05T04:00:00.000Z');
    expect(parse('3分钟前')).toBe('2024-03-05T03:57:00.000Z');
    expect(parse('2小时前')).toBe('2024-03-05T02:00:00.000Z');
    expect(parse('昨天 12:30')).toBe('2024-03-04T04:30:00.000Z');
    expect(parse('前天')).toBe('2024-03-02T16:00:00.000Z');
    expect(parse('今天 08:15')).toBe('2024-03-05T00:15:00.000Z');
  });

  it('uses the Shanghai calendar day for 昨天 just after local midnight', () => {
    // 00:30 on 5 March in Shanghai is still 4 March in UTC.
    const early = new Date('2024-03-04T16:30:00Z');
    expect(parseChineseDate('昨天 23:00', { now: early })?.toISOString()).toBe('2024-03-04T15:00:00.000Z');
  });

  it('reads month-day without a year as the latest such day not in the future', () => {
    expect(parse('03-04 08:00')).toBe('2024-03-04T00:00:00.000Z');
    expect(parse('09-03 12:30')).toBe('2023-09-03T04:30:00.000Z');
  });

  it('reads Excel serial numbers (1900 system) as Shanghai dates', () => {
    expect(parse(44442)).toBe('2021-09-02T16:00:00.000Z');
    expect(parse(44442.5)).toBe('2021-09-03T04:00:00.000Z');
    expect(parse('44442.5')).toBe('2021-09-03T04:00:00.000Z');
    expect(parse(1)).toBe('1899-12-31T16:00:00.000Z');
    expect(parse(61)).toBe('1900-02-28T16:00:00.000Z');
  });

  it('returns null for what is not a date', () => {
    for (const raw of ['', 'abc', '2021-02-30', '2021-13-01', '2021-09-03 25:00', null, undefined, {}, -5, 0]) {
      expect(parse(raw), String(raw)).toBeNull();
    }
  });

  it('never reads the clock: the same input and now give the same result', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3_000 }), fc.constantFrom('分钟前', '小时前', '天前'), (n, unit) => {
        const a = parseChineseDate(`${n}${unit}`, { now });
        const b = parseChineseDate(`${n}${unit}`, { now: new Date(now.getTime()) });
        expect(a).not.toBeNull();
        expect(a?.getTime()).toBe(b?.getTime());
        expect(a?.getTime() ?? Infinity).toBeLessThanOrEqual(now.getTime());
      }),
    );
  });

  it('round-trips every formatted Shanghai wall time (property)', () => {
    const wall = fc.record({
      year: fc.integer({ min: 1990, max: 2035 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
    });
    fc.assert(
      fc.property(wall, (w) => {
        const p = (n: number) => String(n).padStart(2, '0');
        const expected = shanghaiToUtc(w)?.toISOString();
        expect(parse(`${w.year}-${p(w.month)}-${p(w.day)} ${p(w.hour)}:${p(w.minute)}`)).toBe(expected);
        expect(parse(`${w.year}年${w.month}月${w.day}日 ${w.hour}:${p(w.minute)}`)).toBe(expected);
        expect(new Date(expected ?? NaN).getUTCHours()).toBe((w.hour + 16) % 24);
      }),
    );
  });
});

describe('parseChineseDateStrict', () => {
  it('throws ParseError for unparseable input', () => {
    expect(() => parseChineseDateStrict('不是日期', { now })).toThrow(ParseError);
    expect(parseChineseDateStrict('2021-09-03', { now }).toISOString()).toBe('2021-09-02T16:00:00.000Z');
  });
});
