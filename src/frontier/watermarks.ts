/**
 * Incremental list sweeps. Boards list newest first with ids that grow with posting time,
 * so a run can stop paging at the first row an earlier run already listed. The watermark
 * of a list is only raised when what lies below the new value is known to be listed:
 * a sweep cut short by its page limit or by a `since` newer than the old watermark leaves
 * a gap, and raising the watermark over a gap would hide those posts for good.
 */
import type { Collection, Db } from 'mongodb';

import type { Clock } from '../shared/clock.js';
import { defaultListSchedule, sweepInterval, updateRate, type ListSchedulePolicy } from './list-schedule.js';
import type { ListCheckpoint } from '../sources/define-source.js';
import { Collections, type WatermarkDoc } from './schemas.js';

/** The watermark after a sweep that ended as `cp` says, given the one it started from. */
export function nextWatermark(old: number, cp: ListCheckpoint): number {
  if (cp.top === null) return old;
  // The first sweep sets the baseline: older posts are a backfill's business.
  return old === 0 || reachedOld(old, cp) ? Math.max(old, cp.top) : old;
}

/** The sweep listed everything above the old watermark. */
function reachedOld(old: number, cp: ListCheckpoint): boolean {
  return cp.ended === 'end' || (cp.ended === 'cut' && cp.cutAt !== null && cp.cutAt <= old);
}

/** Scope → watermark. */
export function watermarkValues(docs: readonly WatermarkDoc[]): Record<string, number> {
  return Object.fromEntries(docs.map((d) => [d.scope, d.value]));
}

/** Scopes whose next sweep is not due at `now` (lists never swept are due). */
export function scopesNotDue(docs: readonly WatermarkDoc[], now: Date): Set<string> {
  return new Set(docs.filter((d) => d.nextSweepAt && d.nextSweepAt.getTime() > now.getTime()).map((d) => d.scope));
}

export class WatermarkRepository {
  readonly #col: Collection<WatermarkDoc>;
  readonly #clock: Clock;
  readonly #policy: ListSchedulePolicy;

  constructor(db: Db, clock: Clock, policy: ListSchedulePolicy = defaultListSchedule) {
    this.#col = db.collection<WatermarkDoc>(Collections.watermarks);
    this.#clock = clock;
    this.#policy = policy;
  }

  /** The watermark documents of one source (a handful per source). */
  load(source: string): Promise<WatermarkDoc[]> {
    return this.#col.find({ source }).toArray();
  }

  /**
   * Records a finished list sweep: the watermark (`$max` keeps it from going down when two
   * workers finish sweeps of the same list), the posting rate and the next due time.
   */
  async commit(source: string, cp: ListCheckpoint, runId: string, opts: { incremental: boolean }): Promise<{ before: number; after: number }> {
    const _id = `${source}|${cp.scope}`;
    const doc = await this.#col.findOne({ _id });
    const before = doc?.value ?? 0;
    const after = nextWatermark(before, cp);
    const now = this.#clock.now();
    // An incremental sweep that reached the old watermark listed exactly the posts since the
    // previous sweep; a first sweep, a backfill window or a sweep over a gap does not.
    const sweptAt = doc?.sweptAt;
    const measurable = opts.incremental && before > 0 && sweptAt !== undefined && reachedOld(before, cp);
    const rate = measurable ? updateRate(doc?.ratePerHour ?? null, cp.listed, now.getTime() - sweptAt.getTime(), this.#policy) : (doc?.ratePerHour ?? null);
    const nextSweepAt = new Date(now.getTime() + sweepInterval(rate, now, this.#policy));
    await this.#col.updateOne(
      { _id },
      { $max: { value: after }, $set: { source, scope: cp.scope, updatedAt: now, runId, sweptAt: now, ratePerHour: rate, nextSweepAt } },
      { upsert: true },
    );
    return { before, after };
  }
}
