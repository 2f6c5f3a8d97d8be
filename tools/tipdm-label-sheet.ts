/**
 * Draws the hand-labelling sample of 泰迪杯 pairs (strata in tools/eval-dedup-hand.ts) and
 * prints it, blind to stratum and verdicts, for a person to read:
 *
 *   npx tsx tools/tipdm-label-sheet.ts ../shared/data/tipdm2020c --key key.json > sheet.txt
 *
 * The sheet holds third-party text: keep it out of the repository. The key (pair number,
 * ids, stratum) is what tools/tipdm-hand-labels.json is built from, with the labels.
 * Sampling is seeded by hashing the pair ids, so the same code and data draw the same pairs.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { confirmSameIssue } from '../src/dedup/similarity.js';
import { dedupText } from '../src/dedup/text.js';
import { candidatePairs, pairKey } from './eval-dedup-candidates.js';
import { HARD_NEGATIVE_JACCARD } from './eval-dedup-hand.js';
import { labelPair, overlapPairs, rawJaccard, readTipdm, sameUserPairs, type TipdmRow } from './eval-dedup-tipdm.js';

const PER_STRATUM = 40;

const { values, positionals } = parseArgs({ allowPositionals: true, options: { key: { type: 'string' }, seed: { type: 'string' } } });
const dir = positionals[0];
if (!dir || !values.key) throw new Error('usage: tipdm-label-sheet.ts <tipdm dir> --key <file> [--seed sheet1]');
const seed = values.seed ?? 'sheet1';
const rows = await readTipdm(path.join(dir, 'fj3_hot_issue_messages.xlsx'));
rows.sort((a, b) => (a.postedAt < b.postedAt ? -1 : a.postedAt > b.postedAt ? 1 : 0));
const byId = new Map(rows.map((r) => [r.id, r]));
const { pairs: candidates } = candidatePairs(rows.map((r) => r.id), byId, [...sameUserPairs(rows), ...overlapPairs(rows)].map(([a, b]): [string, string] => [a.id, b.id]));

const strata: Record<string, Array<[string, string]>> = { dis: [], tp: [], hardneg: [] };
for (const [a, b] of candidates) {
  const ra = byId.get(a) as TipdmRow;
  const rb = byId.get(b) as TipdmRow;
  const rule = labelPair(ra, rb);
  // 泰迪杯 rows carry no region, so the region guard never applies to them.
  const dedup = confirmSameIssue(dedupText(ra), dedupText(rb));
  if (dedup !== rule) strata.dis?.push([a, b]);
  else if (dedup) strata.tp?.push([a, b]);
  else if (rawJaccard(ra, rb) >= HARD_NEGATIVE_JACCARD) strata.hardneg?.push([a, b]);
}
const rank = (salt: string, p: [string, string], prefix = '') => createHash('sha256').update(`${salt}:${prefix}${pairKey(...p)}`).digest('hex');
const sample = (xs: Array<[string, string]>, n: number) => [...xs].sort((x, y) => (rank(seed, x) < rank(seed, y) ? -1 : 1)).slice(0, n);
const chosen = [
  ...(strata.dis ?? []).map((p) => ({ stratum: 'dis', p })),
  ...sample(strata.tp ?? [], PER_STRATUM).map((p) => ({ stratum: 'tp', p })),
  ...sample(strata.hardneg ?? [], PER_STRATUM).map((p) => ({ stratum: 'hardneg', p })),
].sort((x, y) => (rank(seed, x.p, 'o') < rank(seed, y.p, 'o') ? -1 : 1));

const body = (s: string) => s.replace(/\s+/g, '').slice(0, 260);
chosen.forEach(({ p: [a, b] }, i) => {
  const ra = byId.get(a) as TipdmRow;
  const rb = byId.get(b) as TipdmRow;
  console.log(`#${i + 1}\n A[${ra.title}] ${body(ra.body)}\n B[${rb.title}] ${body(rb.body)}`);
});
writeFileSync(values.key, JSON.stringify(chosen.map(({ stratum, p: [a, b] }, i) => ({ n: i + 1, a, b, stratum }))));
console.error(`strata populations: ${Object.entries(strata).map(([k, v]) => `${k} ${v.length}`).join(', ')}; sampled ${chosen.length}`);
