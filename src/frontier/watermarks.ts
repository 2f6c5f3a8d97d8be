/**
 * Incremental list sweeps. Boards list newest first with ids that grow with posting time,
 * so a run can stop paging at the first row an earlier run already listed. The watermark
 * of a list is only raised when what lies below the new value is known to be listed:
 * a sweep cut short by its page limit or by a `since` newer than the old watermark leaves
 * a gap, and raising the watermark over a gap would hide those posts for good.
 */
import type { Collection, Db } from 'mongodb';

import type { Clock } from '../shared/clock.js';
import type { ListCheckpoint } from '../sources/define-source.js';
import { Collections, type WatermarkDoc } from './schemas.js';

/** The watermark after a sweep that ended as `cp` says, given the one it started from. */
export function nextWatermark(old: number, cp: ListCheckpoint): number {
  if (cp.top === null) return old;
  const covered =
    old === 0 || // the first sweep sets the baseline: older posts are a backfill's business
    cp.ended === 'end' ||
    (cp.ended === 'cut' && cp.cutAt !== null && cp.cutAt <= old);
  return covered ? Math.max(old, cp.top) : old;
}

export class WatermarkRepository {
  readonly #col: Collection<WatermarkDoc>;
  readonly #clock: Clock;

  constructor(db: Db, clock: Clock) {
    this.#col = db.collection<WatermarkDoc>(Collections.watermarks);
    this.#clock = clock;
  }

  /** Scope → watermark for one source (a handful of documents per source). */
  async load(source: string): Promise<Record<string, number>> {
    const docs = await this.#col.find({ source }).toArray();
    return Object.fromEntries(docs.map((d) => [d.scope, d.value]));
  }

  /**
   * Records a finished list sweep; returns the watermark now stored. `$max` keeps it from
   * going down when two workers finish sweeps of the same list.
   */
  async commit(source: string, cp: ListCheckpoint, runId: string): Promise<{ before: number; after: number }> {
    const _id = `${source}|${cp.scope}`;
    const before = (await this.#col.findOne({ _id }))?.value ?? 0;
    const after = nextWatermark(before, cp);
    if (after > before) {
      await this.#col.updateOne(
        { _id },
        { $max: { value: after }, $set: { source, scope: cp.scope, updatedAt: this.#clock.now(), runId } },
        { upsert: true },
      );
    }
    return { before, after };
  }
}
