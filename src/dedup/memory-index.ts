/**
 * An in-process version of the dedup index (band keys → messages, plus union-find for
 * cases), with the same fingerprint and confirmation as the stored one. Used by the quality
 * evaluation (tools/eval-dedup.ts) to measure many thresholds quickly; the pipeline uses
 * the MongoDB-backed index (dedup-index.ts) and the case store.
 */
import { sameKey } from './author.js';
import { fingerprint, indexKeys, type Fingerprint } from './fingerprint.js';
import { placesCompatible } from './region-guard.js';
import { shingleSet } from './shingles.js';
import { compareSets, confirmSameIssue, type Similarity } from './similarity.js';
import type { DedupInput } from './text.js';

interface Entry {
  id: string;
  fp: Fingerprint;
  shingles: Set<number>;
}

/** Options for {@link MemoryDedupIndex}. */
export interface MemoryIndexOptions {
  /**
   * Decides whether a candidate pair (similarity, comparison texts, whether both have the
   * same identified author) is the same issue. @default confirmSameIssue
   */
  accept?: (s: Similarity, a: string, b: string, sameAuthor: boolean, sameTitle: boolean) => boolean;
  /** Never link messages whose places cannot be the same (as the store does). @default true */
  regionGuard?: boolean;
  /**
   * 'representative': a message joins (or merges) a case only if it is also the same issue
   * as the case's first message, as CaseAssigner does; 'single': any confirmed pair links
   * (single linkage, which chains template posts into ever larger cases). @default 'representative'
   */
  linkage?: 'single' | 'representative';
}

export class MemoryDedupIndex {
  readonly #entries = new Map<string, Entry>();
  /** Index key (indexKeys: exact copy, author, LSH bands) → messages, as the stored lists but uncapped. */
  readonly #lists = new Map<string, string[]>();
  readonly #parent = new Map<string, string>();
  readonly #accept: (s: Similarity, a: string, b: string, sameAuthor: boolean, sameTitle: boolean) => boolean;
  readonly #regionGuard: boolean;
  readonly #linkage: 'single' | 'representative';
  /** Per case root: its first message. */
  readonly #first = new Map<string, string>();
  /** Insertion order of messages (older first). */
  readonly #order = new Map<string, number>();
  /** Confirmed pairs in insertion order (later id, earlier id). */
  readonly pairs: Array<[string, string, Similarity]> = [];

  constructor(options: MemoryIndexOptions = {}) {
    this.#accept = options.accept ?? ((s, a, b, sameAuthor, sameTitle) => confirmSameIssue(a, b, s, sameAuthor, sameTitle));
    this.#regionGuard = options.regionGuard ?? true;
    this.#linkage = options.linkage ?? 'representative';
  }

  /** Adds a message and links it to every confirmed earlier near-duplicate. */
  add(id: string, m: DedupInput): string[] {
    const fp = fingerprint(m);
    const entry: Entry = { id, fp, shingles: shingleSet(fp.text) };
    this.#order.set(id, this.#order.size);
    const matches: string[] = [];
    this.#first.set(id, id);
    for (const other of this.#candidates(fp)) {
      const o = this.#entries.get(other);
      if (!o) continue;
      const s = this.#similar(entry, o);
      if (!s) continue;
      matches.push(other);
      this.pairs.push([id, other, s]);
      if (this.#linkage === 'representative') {
        const rep = this.#entries.get(this.#first.get(this.find(other)) ?? other);
        if (rep && rep !== o && !this.#similar(entry, rep)) continue;
      }
      this.#union(id, other);
    }
    this.#entries.set(id, entry);
    for (const key of indexKeys(fp)) push(this.#lists, key, id);
    return matches;
  }

  /** The cluster (case) representative of a message. */
  find(id: string): string {
    let root = id;
    while (this.#parent.has(root)) root = this.#parent.get(root) ?? root;
    return root;
  }

  /** The similarity of two entries if they are the same issue, else null. */
  #similar(a: Entry, b: Entry): Similarity | null {
    if (this.#regionGuard && !placesCompatible(a.fp.regionCode, b.fp.regionCode)) return null;
    const s = a.fp.textHash === b.fp.textHash ? { jaccard: 1, containment: 1, smaller: a.shingles.size } : compareSets(a.shingles, b.shingles);
    return this.#accept(s, a.fp.text, b.fp.text, sameKey(a.fp.authorKey, b.fp.authorKey), sameKey(a.fp.titleKey, b.fp.titleKey)) ? s : null;
  }

  #candidates(fp: Fingerprint): Set<string> {
    const out = new Set<string>();
    for (const key of indexKeys(fp)) for (const id of this.#lists.get(key) ?? []) out.add(id);
    return out;
  }

  /** Links the cases of a and b; the merged case keeps the older first message. */
  #union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    const fa = this.#first.get(ra) ?? ra;
    const fb = this.#first.get(rb) ?? rb;
    this.#parent.set(ra, rb);
    this.#first.set(rb, (this.#order.get(fa) ?? 0) < (this.#order.get(fb) ?? 0) ? fa : fb);
  }
}

function push(map: Map<string, string[]>, key: string, id: string): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}
