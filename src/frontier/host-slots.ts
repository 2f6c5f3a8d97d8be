/**
 * Per-host politeness across processes. Time is cut into slots of `intervalMs` per host;
 * a request may start only in a slot it claimed by inserting `${host}#${slot}` (unique
 * `_id`), so however many workers share the database, a host sees at most one request start
 * per slot. In-process pacing (p-queue) still applies on top of this.
 */
import type { Collection, Db } from 'mongodb';

import type { Clock } from '../shared/clock.js';
import { insertOnce } from '../store/insert-once.js';
import { Collections } from './schemas.js';

interface SlotDoc {
  _id: string;
  host: string;
  at: Date;
  workerId: string;
}

export interface HostSlotOptions {
  workerId: string;
  sleep?: (ms: number) => Promise<void>;
  /** How far ahead a worker may book. @default 1000 slots */
  maxAhead?: number;
  /** Slots older than this are deleted now and then. @default 10 min */
  keepMs?: number;
}

/** Every this many bookings a worker deletes old slots, so the collection stays small. */
const PRUNE_EVERY = 200;

export class HostSlots {
  readonly #col: Collection<SlotDoc>;
  readonly #clock: Clock;
  readonly #options: HostSlotOptions;
  #booked = 0;

  constructor(db: Db, clock: Clock, options: HostSlotOptions) {
    this.#col = db.collection<SlotDoc>(Collections.hostSlots);
    this.#clock = clock;
    this.#options = options;
  }

  /** Books the earliest free slot for `host` and waits until it starts; returns its start. */
  async acquire(host: string, intervalMs: number): Promise<Date> {
    if (intervalMs <= 0) return this.#clock.now();
    const first = Math.ceil(this.#clock.now().getTime() / intervalMs);
    const maxAhead = this.#options.maxAhead ?? 1000;
    for (let slot = first; slot < first + maxAhead; slot++) {
      const at = new Date(slot * intervalMs);
      if (!(await insertOnce(this.#col, { _id: `${host}#${slot}`, host, at, workerId: this.#options.workerId }))) continue;
      if (++this.#booked % PRUNE_EVERY === 0) this.#pruneQuietly();
      const wait = at.getTime() - this.#clock.now().getTime();
      if (wait > 0) await (this.#options.sleep ?? defaultSleep)(wait);
      return at;
    }
    throw new Error(`no free slot for ${host} within ${maxAhead} intervals`);
  }

  #pruneQuietly(): void {
    // Housekeeping only: a failed prune is retried at the next round.
    this.prune(this.#options.keepMs ?? 600_000).catch(() => undefined);
  }

  /** Deletes slots older than `olderThanMs`; run now and then to keep the collection small. */
  async prune(olderThanMs: number): Promise<number> {
    const cutoff = new Date(this.#clock.now().getTime() - olderThanMs);
    const res = await this.#col.deleteMany({ at: { $lt: cutoff } });
    return res.deletedCount;
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
