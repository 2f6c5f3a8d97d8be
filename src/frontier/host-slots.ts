/**
 * Per-host politeness across processes. Time is cut into slots of `intervalMs` per host;
 * a request may start only in a slot it claimed by inserting `${host}#${slot}` (unique
 * `_id`), so however many workers share the database, a host sees at most one request start
 * per slot. In-process pacing (p-queue) still applies on top of this.
 *
 * Slots bound the rate; the gap between two requests also needs each to start near its
 * slot's beginning. A worker that gets its slot late (the booking insert answered after the
 * slot began, or a busy event loop woke it late) would start close to the next slot's
 * request, so past MAX_LATE_FRACTION of the interval it leaves that slot unused and books a
 * later one. After MAX_LATE_SLOTS such slots it starts late, holding the slot its start
 * falls in and the next one as well (acquire). Two requests then start at least
 * (1 - MAX_LATE_FRACTION) intervals apart, whichever workers send them.
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

/** A request starts at most this fraction of the interval after its slot begins (see the file comment). */
export const MAX_LATE_FRACTION = 0.1;

/**
 * Late slots given up before a request takes one late (with the next slot held too): a
 * machine so loaded that every wake-up is late would otherwise book ahead for ever.
 */
const MAX_LATE_SLOTS = 3;

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

  /**
   * Books the earliest free slot for `host` and waits until it starts; returns the start of
   * the slot the request starts in. A slot reached later than MAX_LATE_FRACTION of the
   * interval is left unused and a later one booked, at most MAX_LATE_SLOTS times; then the
   * request starts late (#holdLateStart).
   */
  async acquire(host: string, intervalMs: number): Promise<Date> {
    if (intervalMs <= 0) return this.#clock.now();
    for (let late = 0; ; late++) {
      const at = await this.#book(host, intervalMs);
      const wait = at.getTime() - this.#clock.now().getTime();
      if (wait > 0) await (this.#options.sleep ?? defaultSleep)(wait);
      const lateness = this.#clock.now().getTime() - at.getTime();
      if (lateness <= intervalMs * MAX_LATE_FRACTION) return at;
      if (late < MAX_LATE_SLOTS) continue;
      const started = await this.#holdLateStart(host, at, intervalMs);
      if (started) return started;
    }
  }

  /**
   * Late again and again (a loaded machine, an event loop that lags): start now, holding the
   * slot now falls in and the next one, which then stays unused. Whoever starts next does so
   * two slots on; whoever started in the slot before either started near its beginning or
   * held this slot, so the gaps stay over 1 - MAX_LATE_FRACTION intervals. However late the
   * wake-up (a whole interval or more), this ends the booking unless another worker holds
   * one of the two slots; it returns the start of the slot it starts in, or null to book
   * again.
   */
  async #holdLateStart(host: string, booked: Date, intervalMs: number): Promise<Date | null> {
    const slot = Math.floor(this.#clock.now().getTime() / intervalMs);
    if (slot !== booked.getTime() / intervalMs && !(await this.#take(host, slot, intervalMs))) return null;
    if (!(await this.#take(host, slot + 1, intervalMs))) return null;
    // The inserts took time: a start that slipped into the next slot lacks the one after it.
    if (Math.floor(this.#clock.now().getTime() / intervalMs) !== slot) return null;
    return new Date(slot * intervalMs);
  }

  /** Inserts slot `slot` of `host`; false when someone holds it. */
  async #take(host: string, slot: number, intervalMs: number): Promise<boolean> {
    return insertOnce(this.#col, { _id: `${host}#${slot}`, host, at: new Date(slot * intervalMs), workerId: this.#options.workerId });
  }

  /** Inserts the earliest free slot from now on; returns its start. */
  async #book(host: string, intervalMs: number): Promise<Date> {
    const first = Math.ceil(this.#clock.now().getTime() / intervalMs);
    const maxAhead = this.#options.maxAhead ?? 1000;
    for (let slot = first; slot < first + maxAhead; slot++) {
      if (!(await this.#take(host, slot, intervalMs))) continue;
      if (++this.#booked % PRUNE_EVERY === 0) this.#pruneQuietly();
      return new Date(slot * intervalMs);
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
