/**
 * Shares of posts by hour of day and by weekday in the 泰迪杯 2020 C data (附件2 and 附件3),
 * the source of POSTING_SHARES in bench/freshness/world.ts. Prints percentages only.
 *
 *   npx tsx tools/posting-profile.ts ../shared/data/tipdm2020c
 */
import path from 'node:path';

import { readTipdm } from './eval-dedup-tipdm.js';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: npx tsx tools/posting-profile.ts <dir with fj2_*.xlsx and fj3_*.xlsx>\n');
  process.exit(2);
}
const hourly = new Array<number>(24).fill(0);
const weekday = new Array<number>(7).fill(0);
let n = 0;
for (const file of ['fj2_test_messages_unlabelled.xlsx', 'fj3_hot_issue_messages.xlsx']) {
  for (const row of await readTipdm(path.join(dir, file))) {
    const m = /(\d{4})[/-](\d{1,2})[/-](\d{1,2})\D+(\d{1,2}):(\d{2})/.exec(row.postedAt);
    if (!m) continue;
    n++;
    hourly[Number(m[4])]! += 1;
    // Monday first, as the model's week starts.
    weekday[(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay() + 6) % 7]! += 1;
  }
}
const pct = (xs: number[]) => xs.map((x) => Math.round((x / n) * 1000) / 10);
process.stdout.write(`${JSON.stringify({ posts: n, hourly: pct(hourly), weekday: pct(weekday) })}\n`);
