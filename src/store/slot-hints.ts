/**
 * What this process has learned about how many slots of each insert-only list are filled
 * (case-chains.ts), in a fixed-size table, so that a long backfill does not grow with it:
 * 2 bytes per entry, 8 MB at the default 2^22 entries, enough for the band lists of about
 * 120,000 of the simulator's messages (about 35 new lists each; an estimate, not run). An
 * entry packs a 10-bit fingerprint of the list key and a 6-bit count (counts above 63 are
 * kept as 63; band lists hold at most 32). A key may sit in any of the
 * `ways` entries of its set; a new key takes an empty one, else the one with the lowest
 * count (the list least likely to be met again). Measured offline on the simulator's band
 * keys (`npx tsx bench/band-hints.ts`, docs/benchmarks.md): with 2^20 entries of one per
 * set, 63% of the messages between the 8,000th and the 10,000th met a forgotten list; with
 * four per set, 4%.
 *
 * It is only a hint. The lists fill densely from slot 0, so a true count never drops; a
 * count here can be too low (forgotten, or another process appended since) or, when two
 * keys share set and fingerprint, too high. The reader reads the slots a hint names (for
 * lists that carry their prefix, the last of them: lists fill densely, so when it stands
 * all below it do) before it inserts above them, so neither case can leave a gap or a
 * missed entry.
 */
import { Lru } from '../shared/lru.js';

export const DEFAULT_HINT_BITS = 22;
const DEFAULT_WAYS = 4;
const COUNT_BITS = 6;
const MAX_COUNT = (1 << COUNT_BITS) - 1;

export class SlotHints {
  /** (fingerprint << COUNT_BITS) | count; 0 is an empty entry. */
  readonly #entries: Uint16Array;
  readonly #setMask: number;
  readonly #ways: number;

  /** 2^bits entries in sets of `ways` (a power of two). */
  constructor(bits = DEFAULT_HINT_BITS, ways = DEFAULT_WAYS) {
    const size = Math.max(ways, 1 << bits);
    this.#entries = new Uint16Array(size);
    this.#ways = ways;
    this.#setMask = (size - 1) & ~(ways - 1);
  }

  /** Slots of list `key` known to be filled (0 when unknown). */
  get(key: string): number {
    const [set, fp] = this.#locate(key);
    const at = this.#find(set, fp);
    return at < 0 ? 0 : this.#count(at);
  }

  /** Records that at least `filled` slots of list `key` are filled. */
  raise(key: string, filled: number): void {
    const [set, fp] = this.#locate(key);
    let at = this.#find(set, fp);
    let known = 0;
    if (at < 0) {
      at = set;
      for (let i = set + 1; i < set + this.#ways; i++) if (this.#count(i) < this.#count(at)) at = i;
    } else {
      known = this.#count(at);
    }
    this.#entries[at] = (fp << COUNT_BITS) | Math.min(MAX_COUNT, Math.max(known, filled));
  }

  #count(at: number): number {
    return (this.#entries[at] ?? 0) & MAX_COUNT;
  }

  /** The entry of the set holding fingerprint `fp`, or -1. */
  #find(set: number, fp: number): number {
    for (let i = set; i < set + this.#ways; i++) if ((this.#entries[i] ?? 0) >>> COUNT_BITS === fp) return i;
    return -1;
  }

  #locate(key: string): [number, number] {
    // Two FNV-1a hashes with different offsets: one picks the set, one checks the entry.
    let a = 0x811c9dc5;
    let b = 0x050c5d1f;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193);
    }
    // A fingerprint of 1..1023: 0 would read as an empty entry.
    return [(a >>> 0) & this.#setMask, ((b >>> 0) % 1023) + 1];
  }
}

/**
 * The values of the lists this process appended to last (their first slots, in order), for
 * the newest `maxLists` lists. Exact, not a hint: slots are written once and never change,
 * so an append starts after them without reading them (SlotLists, `contents`); another
 * process's entries after them are met by that append's insert, as before. Values are the
 * appended strings themselves (one message id shared by all of its lists), so an entry costs
 * an array and a map slot.
 */
export class ListContents extends Lru<readonly string[]> {
  constructor(maxLists = DEFAULT_LIST_CONTENTS) {
    super(maxLists);
  }
}

/** Lists kept by default: every list of about 1,500 simulated messages (about 44 each). */
export const DEFAULT_LIST_CONTENTS = 65_536;
