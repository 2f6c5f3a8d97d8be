/**
 * Insert-only lists addressed by `_id` alone: entry n of list `key` is the document
 * `{_id: "<key>#<n>", key, value}`. FerretDB v1 (SQLite) pushes down only `_id` equality;
 * every other filter, `$in` on `_id` included, scans the whole collection (measured: 0.9 ms
 * per `_id` lookup vs 500 ms per indexed-field query at 21,000 documents). So lists the
 * dedup index and the case store need at scale are built from `_id` probes.
 *
 * Appending takes the first free slot by inserting at slot 0, 1, 2 …: a slot is a unique
 * `_id`, so of concurrent appenders exactly one gets it, and every appender has seen (read
 * or collided with) every entry below its own slot. Two writers appending to one list
 * therefore never both miss each other: the later slot's writer saw the earlier one.
 * Lists fill densely (a slot is taken only after every slot below it), which is what lets
 * an appender start above the slots it knows (hints) and, where slots carry the values
 * below them, read a whole list from its last slot and gallop to its end.
 */
import type { Collection } from 'mongodb';

import { firstMissing } from './id-probe.js';
import { duplicateIndexes } from './insert-once.js';
import type { ListContents, SlotHints } from './slot-hints.js';

export interface SlotDoc {
  _id: string;
  key: string;
  value: string;
  /**
   * Lists that carry their prefix (`carryBelow`): the values of every slot below, as the
   * writer of this slot saw them, so that one read of the last slot yields the whole list.
   * Absent in documents written before (read slot by slot).
   */
  below?: string[];
}

export interface SlotListOptions {
  /** What this process knows of filled slots (slot-hints.ts); appends read those first. */
  hints?: SlotHints | null;
  /**
   * The values this process last saw in lists (ListContents), which appends take instead of
   * reading the slots they name: a slot never changes once written.
   */
  contents?: ListContents | null;
  /** Write each slot with the values below it (short lists only: its size grows with the slot). */
  carryBelow?: boolean;
}

const slotId = (key: string, n: number): string => `${key}#${n}`;

export class SlotLists {
  readonly #col: Collection<SlotDoc>;
  readonly #hints: SlotHints | null;
  readonly #carry: boolean;
  readonly #contents: ListContents | null;

  /**
   * With `hints`, appends first read the slots this process already knows to be filled and
   * insert above them: on FerretDB v1 a batch insert with one duplicate key falls back to one
   * transaction per document (measured: 44 documents 2.2 ms, with one duplicate 15 ms), so
   * for many keys at once reading what is known is cheaper than colliding with it. With
   * `carryBelow` as well, what is known is read in one lookup per list (its last known slot).
   */
  constructor(col: Collection<SlotDoc>, options: SlotListOptions = {}) {
    this.#col = col;
    this.#hints = options.hints ?? null;
    this.#carry = options.carryBelow === true;
    this.#contents = options.contents ?? null;
  }

  /**
   * Appends `value` to every list in `keys` (at most `cap` entries per list; a full list is
   * left as is). Returns, per key, the values found below the appended slot. Appending a
   * value a list already holds is a no-op (it is found on the way).
   */
  async append(keys: readonly string[], value: string, cap: number): Promise<Map<string, string[]>> {
    const seen = new Map<string, string[]>(keys.map((k) => [k, []]));
    // Next slot to try per key; the known slots are read first (each read is one the
    // collision would have cost anyway).
    let pending = new Map<string, number>();
    for (const key of new Set(keys)) {
      const slot = await this.#readKnown(key, value, cap, seen.get(key) ?? []);
      if (slot !== null) pending.set(key, slot);
    }
    while (pending.size > 0) {
      const tries = [...pending].filter(([, slot]) => slot < cap);
      const failed = new Set(await this.#insertSlots(tries, value, seen));
      const next = new Map<string, number>();
      for (const [key, slot] of tries) {
        this.#hints?.raise(key, slot + 1);
        if (!failed.has(key)) {
          this.#contents?.set(key, [...(seen.get(key) ?? []), value]);
          continue;
        }
        const occupant = await this.#col.findOne({ _id: slotId(key, slot) });
        if (!occupant || occupant.value === value) continue;
        const below = seen.get(key) ?? [];
        below.push(occupant.value);
        const after = this.#carry ? await this.#skipToEnd(key, slot, occupant, value, below) : slot + 1;
        if (after !== null) next.set(key, after);
      }
      pending = next;
    }
    return seen;
  }

  /**
   * Reads the slots of `key` the hints name, collecting their values. Returns the slot to
   * insert at, or null when the list already holds `value`. A hint that is too high shows
   * as an empty slot, where the insert then goes.
   */
  async #readKnown(key: string, value: string, cap: number, seen: string[]): Promise<number | null> {
    // The first slots as this process saw them are those slots for good (insert-only): only
    // what lies after them is the store's to tell, by the insert that follows.
    const cached = this.#contents?.get(key);
    if (cached) {
      const at = cached.indexOf(value);
      seen.push(...(at < 0 ? cached : cached.slice(0, at)));
      return at < 0 ? cached.length : null;
    }
    const known = Math.min(this.#hints?.get(key) ?? 0, cap);
    if (known > 0 && this.#carry) {
      const last = await this.#col.findOne({ _id: slotId(key, known - 1) });
      if (last?.below) return takePrefix(last.below, last.value, value, seen) ? null : known;
      // Empty (the hint was too high) or written without its prefix: slot by slot.
    }
    for (let slot = 0; slot < known; slot++) {
      const occupant = await this.#col.findOne({ _id: slotId(key, slot) });
      if (!occupant) return slot;
      if (occupant.value === value) return null;
      seen.push(occupant.value);
    }
    return known;
  }

  /**
   * For lists that carry their prefix, after a collision at `slot` with `occupant`: finds the
   * list's first empty slot by galloping `_id` probes (O(log length) reads, where walking
   * costs a failed insert and a read per slot) and takes every value below it from the last
   * filled slot. Returns the slot to try next, or null when the list holds `value`. `seen`
   * holds the values of slots 0..slot and is extended to the list's end.
   */
  async #skipToEnd(key: string, slot: number, occupant: SlotDoc, value: string, seen: string[]): Promise<number | null> {
    const docs = new Map<number, SlotDoc>([[slot, occupant]]);
    // firstMissing counts from 1: n stands for slot n - 1.
    const filled = async (n: number): Promise<boolean> => {
      const doc = docs.get(n - 1) ?? (await this.#col.findOne({ _id: slotId(key, n - 1) }));
      if (doc) docs.set(n - 1, doc);
      return doc !== null;
    };
    const end = (await firstMissing(filled, slot + 2)) - 1;
    const last = docs.get(end - 1);
    if (end === slot + 1 || !last?.below) return slot + 1;
    this.#hints?.raise(key, end);
    return takePrefix(last.below, last.value, value, seen) ? null : end;
  }

  /** The value in slot `slot` of a list, or null when that slot is empty. */
  async at(key: string, slot: number): Promise<string | null> {
    return (await this.#col.findOne({ _id: slotId(key, slot) }))?.value ?? null;
  }

  /** Values of one list in slot order, up to `cap`. */
  async list(key: string, cap: number): Promise<string[]> {
    const out: string[] = [];
    for (let slot = 0; slot < cap; slot++) {
      const doc = await this.#col.findOne({ _id: slotId(key, slot) });
      if (!doc) break;
      out.push(doc.value);
    }
    return out;
  }

  /** Inserts the given slot of each key in one round trip; returns the keys whose slot was taken. */
  async #insertSlots(tries: ReadonlyArray<readonly [string, number]>, value: string, seen: ReadonlyMap<string, string[]>): Promise<string[]> {
    if (tries.length === 0) return [];
    // `seen` holds exactly the values of the slots below each try: the prefix to carry.
    const docs = tries.map(([key, slot]): SlotDoc => ({ _id: slotId(key, slot), key, value, ...(this.#carry ? { below: [...(seen.get(key) ?? [])] } : {}) }));
    try {
      await this.#col.insertMany(docs, { ordered: false });
      return [];
    } catch (err) {
      const errors = duplicateIndexes(err, tries.length);
      if (errors === null) throw err;
      return errors.map((i) => tries[i]?.[0] ?? '').filter((k) => k !== '');
    }
  }
}

/**
 * Sets `seen` to a list read from its last slot (`below` and `last`), up to `value` if the
 * list holds it; returns whether it does.
 */
function takePrefix(below: readonly string[], last: string, value: string, seen: string[]): boolean {
  const all = [...below, last];
  const at = all.indexOf(value);
  seen.splice(0, seen.length, ...(at < 0 ? all : all.slice(0, at)));
  return at >= 0;
}
