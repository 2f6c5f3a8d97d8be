/**
 * The frontier's ready queue, addressed only by `_id` so that a claim costs O(1) lookups on
 * FerretDB v1 (which scans the collection for every query but `_id` equality).
 *
 * Entries live in one-minute buckets by due time: `${source}#${bucket}#${slot}`, with slots
 * 1, 2, 3 … per bucket taken by unique inserts. A reader walks a bucket slot by slot until
 * the first missing slot. A per-source cursor (a lossy hint) marks the oldest bucket that
 * may still hold live entries; it is never ahead of the present (created at the current
 * bucket, or at the first entry's if that is earlier), it only moves past buckets that are
 * at least one bucket in the past and fully consumed, and new entries always go to the
 * current or a later bucket, so no entry is ever behind it.
 * An entry is a pointer, not the truth: a reader checks the task itself, so stale or
 * duplicate entries are harmless.
 */
import type { Collection, Db } from 'mongodb';

import type { Clock } from '../shared/clock.js';
import { Serial } from '../shared/serial.js';
import { nextFree } from '../store/id-probe.js';
import { insertOnce, leadingInserted } from '../store/insert-once.js';
import { Collections } from './schemas.js';

export const BUCKET_MS = 60_000;
/** Buckets per hour marker: a walk skips an hour without entries with one lookup. */
export const BUCKETS_PER_HOUR = 60;
/** How long a process walks from the cursor it read before reading it again. */
export const CURSOR_REREAD_MS = 1_000;

export interface QueueEntry {
  _id: string;
  taskId: string;
  due: Date;
  /** Set once the entry can never lead to a claim again. */
  done: boolean;
}

/** An entry this process holds a claim on: live, and not worth a read. */
export interface HeldEntry {
  _id: string;
  held: true;
}

const NONE: ReadonlySet<string> = new Set();

interface CursorHint {
  _id: string;
  bucket: number;
}

export function bucketOf(at: Date): number {
  return Math.floor(at.getTime() / BUCKET_MS);
}

export class ReadyQueue {
  readonly #entries: Collection<QueueEntry>;
  readonly #hints: Collection<CursorHint>;
  /** Per bucket: slots this process saw done, so re-walks skip them without lookups. */
  readonly #doneUpTo = new Map<string, number>();
  /**
   * Per bucket: slots past #doneUpTo this process finished itself (tasks in flight finish out
   * of order); folded into #doneUpTo once the slots before them are done.
   */
  readonly #doneAhead = new Map<string, Set<number>>();
  /**
   * Per bucket: the highest slot this process knows to exist (it inserted or read it). Entries
   * are never deleted and slots are gap-free, so every slot up to it exists: no lookup needed.
   */
  readonly #filledUpTo = new Map<string, number>();
  /** Hour markers this process wrote or found (markers are never deleted either). */
  readonly #hoursMarked = new Set<string>();
  /** Lanes whose cursor this process created or found: it is never deleted. */
  readonly #cursorsKnown = new Set<string>();
  /** Per lane: the cursor as this process last read or moved it, and when it read it. */
  readonly #cursorSeen = new Map<string, { bucket: number; at: number }>();

  readonly #clock: Clock;
  readonly #pushes = new Serial();

  constructor(db: Db, clock: Clock) {
    this.#entries = db.collection<QueueEntry>(Collections.queue);
    this.#hints = db.collection<CursorHint>(Collections.queueCursor);
    this.#clock = clock;
  }

  /** Adds an entry for a task due at `due` (one push at a time per process: see Serial). */
  push(source: string, taskId: string, due: Date): Promise<void> {
    return this.#pushes.run(() => this.#push(source, taskId, due));
  }

  /**
   * Adds entries for tasks all due at `due`, in order, at consecutive slots with one ordered
   * insert; what that insert could not place (another process took a slot: an ordered insert
   * stops at the first duplicate, so the slots stay gap-free) goes in one by one.
   */
  pushMany(source: string, taskIds: readonly string[], due: Date): Promise<void> {
    if (taskIds.length === 0) return Promise.resolve();
    if (taskIds.length === 1) return this.push(source, taskIds[0] as string, due);
    return this.#pushes.run(async () => {
      const bucket = bucketOf(due);
      const prefix = `${source}#${bucket}#`;
      await this.#ensureCursor(source, bucket);
      const exists = (n: number) => this.#slotExists(prefix, n);
      const { n: first } = await nextFree(exists, (this.#filledUpTo.get(prefix) ?? 0) + 1, true);
      const docs = taskIds.map((taskId, i): QueueEntry => ({ _id: `${prefix}${first + i}`, taskId, due, done: false }));
      let placed = docs.length;
      try {
        await this.#entries.insertMany(docs, { ordered: true });
      } catch (err) {
        placed = leadingInserted(err, docs.length);
      }
      if (placed > 0) {
        this.#filled(prefix, first + placed - 1);
        await this.#markHour(source, bucket);
      }
      for (const taskId of taskIds.slice(placed)) await this.#push(source, taskId, due);
    });
  }

  async #push(source: string, taskId: string, due: Date): Promise<void> {
    const bucket = bucketOf(due);
    const prefix = `${source}#${bucket}#`;
    await this.#ensureCursor(source, bucket);
    let hint = (this.#filledUpTo.get(prefix) ?? 0) + 1;
    const exists = (n: number) => this.#slotExists(prefix, n);
    for (let attempt = 0; ; attempt++) {
      // Slots must stay gap-free for the walk; the first try guesses the hinted slot.
      const { n: slot } = await nextFree(exists, hint, attempt === 0);
      if (await insertOnce(this.#entries, { _id: `${prefix}${slot}`, taskId, due, done: false })) {
        this.#filled(prefix, slot);
        await this.#markHour(source, bucket);
        return;
      }
      hint = slot + 1;
    }
  }

  /**
   * The first bucket that may hold live entries, for a walk up to now. Read at most every
   * CURSOR_REREAD_MS per lane (every claim read it, three lanes per claim when new work runs
   * out): a cursor this process read or moved a moment ago can only lag the shared one, and a
   * lagging cursor costs a walk over buckets already used up, never an entry.
   */
  async cursor(source: string): Promise<number | null> {
    const known = this.#cursorSeen.get(source);
    if (known && performance.now() - known.at < CURSOR_REREAD_MS) return known.bucket;
    const bucket = (await this.#hints.findOne({ _id: source }))?.bucket ?? null;
    if (bucket !== null) this.#cursorSeen.set(source, { bucket, at: performance.now() });
    return bucket;
  }

  /** Moves the cursor forward (never backward past what this process knows). */
  async advance(source: string, bucket: number): Promise<void> {
    await this.#hints.updateOne({ _id: source }, { $max: { bucket } });
    const known = this.#cursorSeen.get(source);
    if (known && known.bucket < bucket) known.bucket = bucket;
  }

  /**
   * Moves a cursor that is ahead of the present back to it. Only cursors created before
   * 2026-11-30 (at their lane's first entry, days ahead for a re-visit lane) can be; entries
   * pushed behind such a cursor before it is lowered are found by Frontier.repairDue.
   */
  async lower(source: string, bucket: number): Promise<void> {
    await this.#hints.updateOne({ _id: source }, { $min: { bucket } });
    this.#cursorSeen.delete(source);
  }

  /**
   * Yields the live entries of one bucket in slot order, remembering done ones. Entries in
   * `held` (claimed by this process and not finished) are yielded as HeldEntry unread.
   */
  async *walk(source: string, bucket: number, held: ReadonlySet<string> = NONE): AsyncGenerator<QueueEntry | HeldEntry> {
    const prefix = `${source}#${bucket}#`;
    let slot = (this.#doneUpTo.get(prefix) ?? 0) + 1;
    let contiguousDone = true;
    for (;; slot++) {
      const id = `${prefix}${slot}`;
      if (held.has(id)) {
        contiguousDone = false;
        yield { _id: id, held: true };
        continue;
      }
      // Slots this process finished itself are known done; any other is read.
      if (this.#doneAhead.get(prefix)?.has(slot) !== true) {
        const entry = await this.#entries.findOne({ _id: id });
        if (!entry) return;
        this.#filled(prefix, slot);
        if (!entry.done) {
          contiguousDone = false;
          yield entry;
          continue;
        }
      }
      // Done slots after it that this process finished itself are passed over with it.
      if (contiguousDone) slot = this.#markDone(prefix, slot);
    }
  }

  /** Marks an entry as used up. */
  async finish(entryId: string): Promise<void> {
    await this.#entries.updateOne({ _id: entryId }, { $set: { done: true } });
    // The next slot after a done run: later walks of this process start past it.
    const cut = entryId.lastIndexOf('#') + 1;
    const [prefix, slot] = [entryId.slice(0, cut), Number(entryId.slice(cut))];
    const doneUpTo = this.#doneUpTo.get(prefix) ?? 0;
    if (slot === doneUpTo + 1) this.#markDone(prefix, slot);
    else if (slot > doneUpTo) {
      const ahead = this.#doneAhead.get(prefix) ?? new Set<number>();
      this.#doneAhead.set(prefix, ahead.add(slot));
    }
  }

  /**
   * Slot `slot` and every slot before it are done: moves #doneUpTo there and past the slots
   * after it this process finished. Returns the new #doneUpTo.
   */
  #markDone(prefix: string, slot: number): number {
    const ahead = this.#doneAhead.get(prefix);
    let upTo = Math.max(slot, this.#doneUpTo.get(prefix) ?? 0);
    // Slots enter #doneAhead only above #doneUpTo, and #doneUpTo moves only here, from at
    // most one below `slot`, deleting each of them it passes: none is left at or below it.
    while (ahead?.delete(upTo + 1)) upTo++;
    if (ahead?.size === 0) this.#doneAhead.delete(prefix);
    this.#doneUpTo.set(prefix, upTo);
    return upTo;
  }

  /** Whether any entry was ever pushed into the hour that holds `bucket`. */
  async hourHasEntries(source: string, bucket: number): Promise<boolean> {
    const id = hourId(source, bucket);
    if (this.#hoursMarked.has(id)) return true;
    const found = await this.#exists(id);
    if (found) this.#hoursMarked.add(id);
    return found;
  }

  async #markHour(source: string, bucket: number): Promise<void> {
    const id = hourId(source, bucket);
    if (this.#hoursMarked.has(id)) return;
    await insertOnce(this.#entries, { _id: id, taskId: '', due: new Date(0), done: true });
    this.#hoursMarked.add(id);
  }

  async #slotExists(prefix: string, slot: number): Promise<boolean> {
    if (slot <= (this.#filledUpTo.get(prefix) ?? 0)) return true;
    const found = await this.#exists(`${prefix}${slot}`);
    if (found) this.#filled(prefix, slot);
    return found;
  }

  #filled(prefix: string, slot: number): void {
    if (slot > (this.#filledUpTo.get(prefix) ?? 0)) this.#filledUpTo.set(prefix, slot);
  }

  async #exists(id: string): Promise<boolean> {
    return (await this.#entries.findOne({ _id: id }, { projection: { _id: 1 } })) !== null;
  }

  /**
   * The first entry of a source creates its cursor, at the present or at the entry if that
   * is earlier: a cursor at a re-visit lane's first entry, days ahead, would be past the
   * entries due sooner that the lane gets next, and a walk never goes back.
   */
  async #ensureCursor(source: string, bucket: number): Promise<void> {
    if (this.#cursorsKnown.has(source)) return;
    await insertOnce(this.#hints, { _id: source, bucket: Math.min(bucket, bucketOf(this.#clock.now())) });
    this.#cursorsKnown.add(source);
  }
}

function hourId(source: string, bucket: number): string {
  return `${source}#h#${Math.floor(bucket / BUCKETS_PER_HOUR)}`;
}
