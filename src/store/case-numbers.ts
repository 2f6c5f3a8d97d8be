/**
 * Human-readable case numbers `WZ-2026-000123`. A number is claimed by inserting the case
 * document with it as `_id`: of concurrent claimers of one number exactly one wins, the
 * others take the next. A number is only ever inserted right after the highest existing
 * one, so the numbers of a year are dense (no gaps) and the highest is found by a galloping
 * search of `_id` lookups (O(log n); FerretDB v1 scans for any sort or non-`_id` filter).
 * A process that took or met a number tries the next one first without a search.
 */
import type { Collection } from 'mongodb';

import { StoreError } from '../shared/errors.js';
import { Serial } from '../shared/serial.js';
import type { CaseRecord } from './case-schemas.js';
import { insertOnce } from './insert-once.js';

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

/** Allocates case numbers; remembers the last number seen per year to start its search. */
export class CaseNumbers {
  readonly #cases: Collection<CaseRecord>;
  readonly #hint = new Map<number, number>();
  readonly #opens = new Serial();

  constructor(cases: Collection<CaseRecord>) {
    this.#cases = cases;
  }

  /**
   * Inserts a new open case with the next free number of its year; returns it. `initial`
   * fills its roll-up fields (the roll-up it is about to get), else it is empty.
   */
  open(now: Date, initial?: Partial<CaseRecord>): Promise<CaseRecord> {
    // One at a time per process (tasks in flight): siblings would race for the same number.
    return this.#opens.run(() => this.#open(now, initial));
  }

  async #open(now: Date, initial?: Partial<CaseRecord>): Promise<CaseRecord> {
    const year = shanghaiYear(now);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // The hint names a number known to exist (this process took or met it), so the one
      // after it keeps the numbers dense: the insert is then the probe, and only a lost
      // insert (another process took it) searches.
      const hinted = this.#hint.get(year);
      const seq = attempt === 0 && hinted !== undefined ? hinted + 1 : (await this.#highest(year)) + 1;
      const doc = { ...emptyCase(formatCaseNumber(year, seq), year, seq, now), ...initial };
      const won = await insertOnce(this.#cases, doc);
      this.#hint.set(year, seq);
      if (won) return doc;
    }
    throw new StoreError('Could not take a case number', { code: 'ERR_STORE_CONTENTION' });
  }

  async #exists(year: number, seq: number): Promise<boolean> {
    if (seq <= 0) return true;
    return (await this.#cases.findOne({ _id: formatCaseNumber(year, seq) }, { projection: { _id: 1 } })) !== null;
  }

  /** The highest issued seq of a year (0 if none): gallop up from the hint, then bisect. */
  async #highest(year: number): Promise<number> {
    let lo = this.#hint.get(year) ?? 0;
    let step = 1;
    while (await this.#exists(year, lo + step)) {
      lo += step;
      step *= 2;
    }
    let hi = lo + step;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (await this.#exists(year, mid)) lo = mid;
      else hi = mid;
    }
    return lo;
  }
}

function emptyCase(id: string, year: number, seq: number, now: Date): CaseRecord {
  return {
    _id: id, caseNumber: id, year, seq, state: 'open', mergedInto: null, title: null,
    messageIds: [], messageCount: 0, sources: [], boards: [], firstPostedAt: null, lastPostedAt: null,
    region: null, type: null, status: null, replies: { count: 0, latest: null }, evaluation: null,
    openedAt: now, updatedAt: now, rollupHash: '',
  };
}
