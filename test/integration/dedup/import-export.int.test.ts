import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';

import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';

import type { CommandIo } from '../../../src/cli/command.js';
import { exportCommand } from '../../../src/cli/commands/export.js';
import { importCommand } from '../../../src/cli/commands/import.js';
import { parseCsv } from '../../../src/dedup/import/csv.js';
import { useTestDb } from '../../helpers/test-db.js';

const t = useTestDb('import');
const dir = mkdtempSync(path.join(os.tmpdir(), 'wz-import-'));

function capture(): { io: CommandIo; out: () => string; err: () => string } {
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  const sink = (into: Buffer[]) => new Writable({ write(c, _e, cb) { into.push(Buffer.from(c)); cb(); } });
  const env = { MONGODB_URI: t.uri, WZ_DATABASE: t.name, NODE_ENV: 'test', LOG_LEVEL: 'silent' };
  return {
    io: { stdin: process.stdin, stdout: sink(chunks.out), stderr: sink(chunks.err), env },
    out: () => Buffer.concat(chunks.out).toString('utf8'),
    err: () => Buffer.concat(chunks.err).toString('utf8'),
  };
}

const BODY_A = '锦绣家园小区东门外的路灯已经坏了两个多月，晚上一片漆黑，老人孩子出门很不安全，"多次"打电话给物业都说不归他们管，请城管部门尽快修复。';
const BODY_B = '学府路与工业园路交叉口的红绿灯时长设置不合理，早高峰南北向只有十五秒绿灯，车辆排队到两公里外，建议交警部门重新调整配时方案。';

describe('import and export', () => {
  it('imports a CSV with quotes, embedded newlines and a bad row, reporting the row and field', async () => {
    const csv = [
      '信件编号,信件标题,信件内容,来信时间,处理状态',
      `A1,路灯不亮,"${BODY_A.replace(/"/g, '""')}\n第二段：请尽快处理。",2026-05-01 10:00,已回复`,
      `A2,红绿灯配时,"${BODY_B}",不是日期,待受理`,
      `A3,路灯不亮（转发）,"${BODY_A.replace(/"/g, '""')}",2026-05-02 09:00,办理中`,
    ].join('\r\n');
    const file = path.join(dir, 'old-export.csv');
    writeFileSync(file, `\uFEFF${csv}`);
    const c = capture();
    const code = await importCommand.run({}, [file], c.io);
    expect(code).toBe(1);
    expect(c.err()).toContain('row 3: postedAt: not a date');
    expect(c.err()).not.toContain('红绿灯');
    expect(c.out()).toContain('source\timport-old-export');
    expect(c.out()).toContain('inserted\t2');
    expect(c.out()).toContain('casesOpened\t1');
  });

  it('imports an xlsx with the 泰迪杯 columns', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['留言编号', '留言用户', '留言主题', '留言时间', '留言详情', '答复意见', '答复时间']);
    ws.addRow([1001, 'U001', '红绿灯配时不合理', '2026/5/3 8:00:00', BODY_B, '已转交交警支队研究。', '2026/5/9 10:00:00']);
    ws.addRow([1002, 'U002', '', '', '', '', '']);
    const file = path.join(dir, 'tipdm.xlsx');
    await wb.xlsx.writeFile(file);
    const c = capture();
    const code = await importCommand.run({ source: 'tipdm-sample' }, [file], c.io);
    expect(code).toBe(1);
    expect(c.err()).toContain('row 3: body: title and body are both empty');
    expect(c.out()).toContain('inserted\t1');
  });

  it('imports a GBK CSV with --encoding=gbk and a mapping file', async () => {
    const file = path.join(dir, 'gbk.csv');
    writeFileSync(file, iconv.encode(`编号,标题,正文\r\nG9,停水,翠湖苑小区连续三天停水，物业没有提前通知，老人做饭洗澡都成问题，请供水公司说明原因并尽快恢复供水。\r\n`, 'gbk'));
    const map = path.join(dir, 'map.json');
    writeFileSync(map, JSON.stringify({ 编号: 'externalId', 标题: 'title', 正文: 'body' }));
    const c = capture();
    expect(await importCommand.run({ encoding: 'gbk', map, source: 'gbk-sample' }, [file], c.io)).toBe(0);
    expect(c.out()).toContain('inserted\t1');
  });

  it('exports messages and cases as CSV with a BOM that round-trips quoting', async () => {
    const out = path.join(dir, 'messages.csv');
    const c = capture();
    expect(await exportCommand.run({ what: 'messages', format: 'csv', out, source: 'import-old-export' }, [], c.io)).toBe(0);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.toString('utf8'));
    const bodyCol = header?.fields.indexOf('body') ?? -1;
    const bodies = rows.map((r) => r.fields[bodyCol]);
    expect(bodies).toContain(BODY_A);
    expect(bodies.some((b) => b?.includes('\n第二段'))).toBe(true);
    const caseCol = header?.fields.indexOf('caseId') ?? -1;
    expect(new Set(rows.map((r) => r.fields[caseCol])).size).toBe(1);

    const casesOut = path.join(dir, 'cases.ndjson');
    expect(await exportCommand.run({ what: 'cases', out: casesOut }, [], capture().io)).toBe(0);
    const cases = readFileSync(casesOut, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { messageCount: number; sources: string[] });
    expect(cases.map((x) => x.messageCount).sort()).toEqual([1, 1, 2]);
  });
});
