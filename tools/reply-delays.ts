/**
 * How long after posting the 泰迪杯 2020 C messages with replies (附件4) were answered: the
 * ground for the re-visit policy's answer window (src/pipeline/revisit.ts), and the quiet
 * period the daemon would learn from these answers (src/frontier/reply-delays.ts). Prints
 * percentiles and shares only, never message text.
 *
 *   npx tsx tools/reply-delays.ts ../shared/data/tipdm2020c
 */
import path from 'node:path';

import ExcelJS from 'exceljs';

import { countDelay, quietPeriodMs } from '../src/frontier/reply-delays.js';

const DAY = 86_400_000;

/** `2019/4/25 9:32:09`, `2018/4/24` or a Date cell; ms (wall-clock fields read as UTC), NaN when unreadable. */
function cellTime(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  const m = /(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:\D+(\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(String(v ?? ''));
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)) : NaN;
}

/** Value at quantile q of sorted numbers. */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function main(dir: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(dir, 'fj4_messages_with_replies.xlsx'));
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('fj4_messages_with_replies.xlsx has no sheet');
  const header = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? '').trim());
  const [posted, replied] = [header.indexOf('留言时间'), header.indexOf('答复时间')];
  if (posted < 0 || replied < 0) throw new Error('columns 留言时间 / 答复时间 not found');
  const days: number[] = [];
  let unreadable = 0;
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const v = row.values as unknown[];
    const d = (cellTime(v[replied]) - cellTime(v[posted])) / DAY;
    if (Number.isFinite(d) && d >= 0) days.push(d);
    else unreadable++;
  });
  days.sort((a, b) => a - b);
  const round = (x: number): number => Math.round(x * 10) / 10;
  const q = Object.fromEntries([0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99].map((p) => [`p${Math.round(p * 100)}`, round(quantile(days, p))]));
  const within = Object.fromEntries([1, 7, 15, 30, 60, 120].map((w) => [`${w}d`, round((100 * days.filter((d) => d <= w).length) / days.length)]));
  const bins: Record<string, number> = {};
  for (const d of days) countDelay(bins, d * DAY);
  const quietDays = round(quietPeriodMs(bins) / DAY);
  process.stdout.write(`${JSON.stringify({ replied: days.length, unreadable, daysToReply: q, percentWithin: within, quietDays })}\n`);
}

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: npx tsx tools/reply-delays.ts <dir with fj4_messages_with_replies.xlsx>\n');
  process.exit(2);
}
await main(dir);
