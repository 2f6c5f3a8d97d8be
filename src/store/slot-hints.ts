/**
 * What this process has learned about how many slots of each insert-only list are filled
 * (case-chains.ts), in a fixed-size table: 5 bytes per entry, 5 MB at the default size, so
 * a long backfill does not grow with it. An entry is a 32-bit fingerprint of the list key
 * and a count; a newer key that maps to the same entry replaces it.
 *
 * It is only a hint. The lists fill densely from slot 0, so a true count never drops; a
 * count here can be too low (forgotten, or another process appended since) or, when two
 * keys share index and fingerprint, too high. The reader reads the slots a hint names (for
 * lists that carry their prefix, the last of them: lists fill densely, so when it stands
 * all below it do) before it inserts above them, so neither case can leave a gap or a
 * missed entry.
 */
const DEFAULT_HINT_BITS = 20;

export class SlotHints {
  readonly #fingerprints: Uint32Array;
  readonly #counts: Uint8Array;
  readonly #mask: number;

  constructor(bits = DEFAULT_HINT_BITS) {
    this.#fingerprints = new Uint32Array(1 << bits);
    this.#counts = new Uint8Array(1 << bits);
    this.#mask = (1 << bits) - 1;
  }

  /** Slots of list `key` known to be filled (0 when unknown). */
  get(key: string): number {
    const [index, fp] = this.#locate(key);
    return this.#fingerprints[index] === fp ? (this.#counts[index] ?? 0) : 0;
  }

  /** Records that at least `filled` slots of list `key` are filled. */
  raise(key: string, filled: number): void {
    const [index, fp] = this.#locate(key);
    const known = this.#fingerprints[index] === fp ? (this.#counts[index] ?? 0) : 0;
    this.#fingerprints[index] = fp;
    this.#counts[index] = Math.min(255, Math.max(known, filled));
  }

  #locate(key: string): [number, number] {
    // Two FNV-1a hashes with different offsets: one picks the entry, one checks it.
    let a = 0x811c9dc5;
    let b = 0x050c5d1f;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193);
    }
    // Fingerprint 0 marks an empty entry.
    return [(a >>> 0) & this.#mask, (b | 1) >>> 0];
  }
}
