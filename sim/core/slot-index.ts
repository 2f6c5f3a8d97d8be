/**
 * Categories by weighted slots: message i belongs to `table[i % table.length]`. Because the
 * pattern repeats, the k-th newest member of any set of categories is O(1) to find, which keeps
 * per-forum / per-city cursor and offset paging O(page) on million-message boards.
 */
export class SlotIndex<C> {
  readonly #table: readonly C[];
  constructor(weights: ReadonlyArray<readonly [C, number]>) {
    const table: C[] = [];
    // Interleave categories round-robin by remaining weight so neighbours differ.
    const left = weights.map(([c, w]) => [c, Math.max(1, Math.round(w))] as [C, number]);
    while (left.some(([, w]) => w > 0)) {
      for (const entry of left) {
        if (entry[1] > 0) {
          table.push(entry[0]);
          entry[1] -= 1;
        }
      }
    }
    this.#table = table;
  }

  categoryOf(i: number): C {
    const c = this.#table[i % this.#table.length];
    if (c === undefined) throw new Error('empty slot table');
    return c;
  }

  /** Sorted slot positions that belong to any of `cats`. */
  positions(cats: ReadonlySet<C>): number[] {
    const out: number[] = [];
    this.#table.forEach((c, pos) => {
      if (cats.has(c)) out.push(pos);
    });
    return out;
  }

  /** How many indices in [0, n) fall in the given positions. */
  countBelow(positions: readonly number[], n: number): number {
    const size = this.#table.length;
    const full = Math.floor(n / size) * positions.length;
    const rest = n % size;
    let extra = 0;
    for (const p of positions) if (p < rest) extra++;
    return full + extra;
  }

  /** Index of the member with the given rank (0 = oldest) among the positions. */
  indexOfRank(positions: readonly number[], rank: number): number {
    const per = positions.length;
    const pos = positions[rank % per];
    if (pos === undefined) throw new Error('no positions');
    return Math.floor(rank / per) * this.#table.length + pos;
  }
}
