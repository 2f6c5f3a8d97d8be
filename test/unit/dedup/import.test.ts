import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';

import { csvField, decodeBytes, parseCsv } from '../../../src/dedup/import/csv.js';
import { builtinMapping, resolveColumns } from '../../../src/dedup/import/mapping.js';
import { rowToParsed } from '../../../src/dedup/import/to-parsed.js';

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, embedded newlines, CRLF and a BOM', () => {
    const text = '\uFEFFa,b\r\n"x, ""y""","line1\nline2"\r\n\r\nplain,\n';
    expect(parseCsv(text).map((r) => r.fields)).toEqual([['a', 'b'], ['x, "y"', 'line1\nline2'], ['plain', '']]);
  });

  it('round-trips any table through csvField', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '中', ',', '"', '\n', '\r\n', ' ') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const width = rows[0]?.length ?? 2;
        const table = rows.map((r) => [...r, ...Array(width).fill('x')].slice(0, width)).map((r) => (r.every((c) => c === '') ? ['x', ...r.slice(1)] : r));
        const text = table.map((r) => r.map(csvField).join(',')).join('\r\n');
        expect(parseCsv(text).map((r) => r.fields)).toEqual(table);
      }),
    );
  });

  it('decodes GBK bytes', () => {
    const bytes = iconv.encode('信件编号,标题\r\nG1,路灯不亮\r\n', 'gbk');
    expect(parseCsv(decodeBytes(bytes, 'gbk'))[1]?.fields).toEqual(['G1', '路灯不亮']);
  });
});

describe('mapping and rows', () => {
  it('maps the 泰迪杯 and §3.1 headers', () => {
    const cols = resolveColumns(['留言编号', '留言用户', '留言主题', '留言时间', '留言详情', '答复意见', '答复时间'], null);
    expect([...cols.keys()]).toEqual(['externalId', 'author', 'title', 'postedAt', 'body', 'replyBody', 'replyAt']);
    expect(builtinMapping()['受理单位']).toBe('replyOrg');
    expect(resolveColumns(['编号'], { 编号: 'externalId' }).get('externalId')).toBe(0);
  });

  it('reports bad fields by row and field without their text', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const bad = rowToParsed(new Map([['title', '标题'], ['postedAt', '秘密内容'], ['views', '-3']]), 7, now);
    expect(bad).toEqual({ ok: false, problems: [
      { row: 7, field: 'postedAt', problem: 'not a date' },
      { row: 7, field: 'views', problem: 'not a non-negative integer' },
    ] });
    const ok = rowToParsed(new Map([['title', '标题'], ['body', '内容'], ['replyBody', '已处理']]), 2, now);
    expect(ok.ok && ok.parsed.replies).toHaveLength(1);
    expect(ok.ok && ok.parsed.externalId).toMatch(/^h[0-9a-f]{16}$/);
  });
});
