/**
 * Human-readable case numbers `WZ-2026-000123`. A number is claimed by inserting the case
 * document with it as `_id` (plus the unique (year, seq) index): of concurrent claimers of
 * one number exactly one wins, the others take the next. Numbers are unique and, unless a
 * process dies between reading the highest number and inserting, gap-free.
 */
import type { Collection } from 'mongodb';

import { StoreError } from '../shared/errors.js';
import type { CaseRecord } from './case-schemas.js';

export const CASE_PREFIX = 'WZ';
const MAX_ATTEMPTS = 1000;

/** Formats a case number; the sequence is zero-padded to six digits (more if needed). */
export function formatCaseNumber(year: number, seq: number): string {
  return `${CASE_PREFIX}-${year}-${String(seq).padStart(6, '0')}`;
}

/** Parses a case number into (year, seq), or null if it is not one. */
export function parseCaseNumber(id: string): { year: number; seq: number } | null {
  const m = /^([A-Z]+)-(\d{4})-(\d{6,})$/.exec(id);
  if (!m) return null;
  return { year: Number(m[2]), seq: Number(m[3]) };
}

/** Negative when `a` was opened before `b`: the order in which merges keep the older case. */
export function compareCaseAge(a: string, b: string): number {
  const pa = parseCaseNumber(a);
  const pb = parseCaseNumber(b);
  if (!pa || !pb) return a < b ? -1 : a > b ? 1 : 0;
  return pa.year - pb.year || pa.seq - pb.seq;
}

/** The case-numbering year of an instant: the calendar year in Asia/Shanghai. */
export function shanghaiYear(at: Date): number {
  return new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear();
}

/** Inserts a new, empty open case with the next free number of its year; returns it. */
export async function openCase(cases: Collection<CaseRecord>, now: Date): Promise<CaseRecord> {
  const year = shanghaiYear(now);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const last = await cases.find({ year }, { projection: { seq: 1 } }).sort({ seq: -1 }).limit(1).next();
    const seq = (last?.seq ?? 0) + 1;
    const doc = emptyCase(formatCaseNumber(year, seq), year, seq, now);
    try {
      await cases.insertOne(doc);
      return doc;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }
  throw new StoreError('Could not take a case number', { code: 'ERR_STORE_CONTENTION' });
}

function emptyCase(id: string, year: number, seq: number, now: Date): CaseRecord {
  return {
    _id: id, caseNumber: id, year, seq, state: 'open', mergedInto: null, title: null,
    messageIds: [], messageCount: 0, sources: [], boards: [], firstPostedAt: null, lastPostedAt: null,
    region: null, type: null, status: null, replies: { count: 0, latest: null }, evaluation: null,
    openedAt: now, updatedAt: now, rollupHash: '',
  };
}
