/**
 * The labelled sample from the 泰迪杯 2020 C data (附件3, hot-issue messages) for
 * tools/eval-dedup.ts. The data is third-party and stays outside the repository; this
 * file only reads it. Label procedure (documented in docs/dedup.md):
 * - a pair is "same issue" when the raw title+body texts (punctuation and whitespace removed,
 *   no boilerplate stripping) share ≥ 30% of their character 3-shingles (Jaccard), or when
 *   both posts come from the same 留言用户 with equal titles;
 * - every other pair is "different".
 * The 30% line was set by reading pairs on both sides of it (see docs/dedup.md): the
 * pseudonymised user ids are not reliable (the same text appears under several ids), so
 * the user only adds positives, never removes them.
 * Candidates are all same-user pairs plus every pair the LSH index proposes with
 * acceptance switched off, so pairs the deduplicator rejects are labelled too.
 */
import ExcelJS from 'exceljs';

import { shingleSet } from '../src/dedup/shingles.js';
import { compareSets } from '../src/dedup/similarity.js';
import { canonicalChars } from '../src/dedup/text.js';

export interface TipdmRow {
  id: string;
  user: string;
  title: string;
  body: string;
  postedAt: string;
}

/** Reads 留言编号/留言用户/留言主题/留言时间/留言详情 from an xlsx export. */
export async function readTipdm(file: string): Promise<TipdmRow[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0];
  if (!ws) return [];
  const header = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? '').trim());
  const col = (name: string): number => header.indexOf(name);
  const rows: TipdmRow[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const v = row.values as unknown[];
    const cell = (name: string): string => String(v[col(name)] ?? '').trim();
    if (cell('留言编号') === '') return;
    rows.push({ id: cell('留言编号'), user: cell('留言用户'), title: cell('留言主题'), body: cell('留言详情'), postedAt: cell('留言时间') });
  });
  return rows;
}

/**
 * A row's posting time in ms. The column holds text (2019/2/28 11:25:05, board time; read as
 * UTC, which only differences use) or, where the cell is a date, that date as exceljs prints
 * it (Thu Aug 01 2019 00:00:00 GMT+0000); NaN for anything else.
 */
export function postedMs(row: TipdmRow): number {
  const m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(row.postedAt);
  if (m) return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  return Date.parse(row.postedAt);
}

/** Raw-text Jaccard at or above which a pair is labelled the same issue. */
export const LABEL_JACCARD = 0.3;

/** Jaccard of the raw title+body texts (no boilerplate stripping), as the labels use it. */
export function rawJaccard(a: TipdmRow, b: TipdmRow): number {
  return compareSets(shingleSet(canonicalChars(a.title + a.body)), shingleSet(canonicalChars(b.title + b.body))).jaccard;
}

/** The label of a pair under the procedure in the file comment. */
export function labelPair(a: TipdmRow, b: TipdmRow): boolean {
  if (rawJaccard(a, b) >= LABEL_JACCARD) return true;
  return a.user === b.user && canonicalChars(a.title) === canonicalChars(b.title);
}

/** All same-user pairs (the positives must come from these, or from verbatim copies). */
export function sameUserPairs(rows: TipdmRow[]): Array<[TipdmRow, TipdmRow]> {
  const byUser = new Map<string, TipdmRow[]>();
  for (const r of rows) byUser.set(r.user, [...(byUser.get(r.user) ?? []), r]);
  const out: Array<[TipdmRow, TipdmRow]> = [];
  for (const list of byUser.values()) {
    for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) out.push([list[i] as TipdmRow, list[j] as TipdmRow]);
  }
  return out;
}

/**
 * Every pair whose raw texts share at least `minShared` shingles that occur in at most
 * `maxDf` messages: an exhaustive-enough net for pairs at Jaccard ≥ 0.3 without comparing
 * all n² pairs (frequent shingles like "A市" are what such pairs do not depend on).
 */
export function overlapPairs(rows: TipdmRow[], maxDf = 100, minShared = 5): Array<[TipdmRow, TipdmRow]> {
  const sets = rows.map((r) => shingleSet(canonicalChars(r.title + r.body)));
  const postings = new Map<number, number[]>();
  sets.forEach((set, i) => {
    for (const x of set) {
      const list = postings.get(x);
      if (list) list.push(i);
      else postings.set(x, [i]);
    }
  });
  const shared = new Map<number, number>();
  for (const list of postings.values()) {
    if (list.length > maxDf) continue;
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        const key = (list[a] ?? 0) * rows.length + (list[b] ?? 0);
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
  }
  const out: Array<[TipdmRow, TipdmRow]> = [];
  for (const [key, n] of shared) {
    if (n < minShared) continue;
    out.push([rows[Math.floor(key / rows.length)] as TipdmRow, rows[key % rows.length] as TipdmRow]);
  }
  return out;
}
