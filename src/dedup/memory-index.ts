/**
 * An in-process version of the dedup index (band keys → messages, plus union-find for
 * cases), with the same fingerprint and confirmation as the stored one. Used by the quality
 * evaluation (tools/eval-dedup.ts) to measure many thresholds quickly; the pipeline uses
 * the MongoDB-backed index (dedup-index.ts) and the case store.
 */
import { fingerprint, type Fingerprint } from './fingerprint.js';
import { placesCompatible } from './region-guard.js';
import { shingleSet } from './shingles.js';
import { compareSets, isSameIssue, type Similarity } from './similarity.js';
import type { DedupInput } from './text.js';

interface Entry {
  id: string;
  fp: Fingerprint;
  shingles: Set<number>;
}

/** Options for {@link MemoryDedupIndex}. */
export interface MemoryIndexOptions {
  /** Decides whether a candidate pair is the same issue. @default isSameIssue */
  accept?: (s: Similarity) => boolean;
  /** Never link messages whose places cannot be the same (as the store does). @default true */
  regionGuard?: boolean;
}

export class MemoryDedupIndex {
  readonly #entries = new Map<string, Entry>();
  readonly #bands = new Map<string, string[]>();
  readonly #byHash = new Map<string, string[]>();
  readonly #parent = new Map<string, string>();
  readonly #accept: (s: Similarity) => boolean;
  readonly #regionGuard: boolean;
  /** Confirmed pairs in insertion order (later id, earlier id). */
  readonly pairs: Array<[string, string, Similarity]> = [];

  constructor(options: MemoryIndexOptions = {}) {
    this.#accept = options.accept ?? isSameIssue;
    this.#regionGuard = options.regionGuard ?? true;
  }

  /** Adds a message and links it to every confirmed earlier near-duplicate. */
  add(id: string, m: DedupInput): string[] {
    const fp = fingerprint(m);
    const entry: Entry = { id, fp, shingles: shingleSet(fp.text) };
    const matches: string[] = [];
    for (const other of this.#candidates(fp)) {
      const o = this.#entries.get(other);
      if (!o || (this.#regionGuard && !placesCompatible(o.fp.regionCode, fp.regionCode))) continue;
      const s = o.fp.textHash === fp.textHash ? { jaccard: 1, containment: 1, smaller: entry.shingles.size } : compareSets(entry.shingles, o.shingles);
      if (!this.#accept(s)) continue;
      matches.push(other);
      this.pairs.push([id, other, s]);
      this.#union(id, other);
    }
    this.#entries.set(id, entry);
    push(this.#byHash, fp.textHash, id);
    for (const key of fp.bands) push(this.#bands, key, id);
    return matches;
  }

  /** The cluster (case) representative of a message. */
  find(id: string): string {
    let root = id;
    while (this.#parent.has(root)) root = this.#parent.get(root) ?? root;
    return root;
  }

  #candidates(fp: Fingerprint): Set<string> {
    const out = new Set<string>(this.#byHash.get(fp.textHash) ?? []);
    for (const key of fp.bands) for (const id of this.#bands.get(key) ?? []) out.add(id);
    return out;
  }

  #union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.#parent.set(ra, rb);
  }
}

function push(map: Map<string, string[]>, key: string, id: string): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}
