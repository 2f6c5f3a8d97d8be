/**
 * The stored near-duplicate index: one `dedup_signatures` document per message (exact text
 * hash and comparison text), and insert-only lists in `dedup_bands`, one per LSH band key
 * plus one per exact text hash (`x:<hash>`) and one per identified author (`a:<authorKey>`,
 * author.ts: a follow-up in new words shares few bands), each listing the messages that have that key.
 * All access is by `_id` (see store/case-chains.ts), so the cost per message does not grow
 * with the collection on FerretDB v1, where other filters scan.
 */
import type { Collection, Db } from 'mongodb';

import { SlotLists, type SlotDoc } from '../store/case-chains.js';
import { CaseCollections, type DedupSignature } from '../store/case-schemas.js';
import { isDuplicateKey } from '../store/insert-once.js';
import { Lru } from '../shared/lru.js';
import { ListContents, SlotHints } from '../store/slot-hints.js';
import { sameKey } from './author.js';
import { authorKeyOf, exactKeyOf, indexKeys, type Fingerprint } from './fingerprint.js';
import { shingleSet } from './shingles.js';
import { placesCompatible } from './region-guard.js';
import { compareSets, confirmSameIssue } from './similarity.js';

/**
 * Entries kept per band key. A key shared by more messages than this is a very common text
 * (a form letter); it stops finding new candidates, the other bands still do.
 */
export const BAND_LIST_CAP = 32;
/**
 * Of the messages that share only LSH bands with a new one, at most this many (most shared
 * bands first) are confirmed; the messages its exact-copy or author list names always are
 * (each list holds at most BAND_LIST_CAP). On the simulator (1,000 messages per board) the
 * band candidates, template siblings, grow with the store: 3.6 per message in the first
 * quarter, 24.4 in the last; at 16 the last quarter confirms 12.9 and no true pair is lost
 * (seeds 1 and 3). No 泰迪杯 message has more than 6 (tools/eval-dedup-selection.ts;
 * docs/dedup.md, Scale).
 */
export const MAX_BAND_CANDIDATES = 16;

/**
 * One table of band-list hints per database handle, so that the runs of a long-lived process
 * (the daemon builds a CaseAssigner per run) keep what the earlier ones learned.
 */
const bandHints = new WeakMap<Db, { hints: SlotHints; contents: ListContents }>();

function bandHintsFor(db: Db): { hints: SlotHints; contents: ListContents } {
  let known = bandHints.get(db);
  if (!known) bandHints.set(db, (known = { hints: new SlotHints(), contents: new ListContents() }));
  return known;
}

/**
 * Signatures this process wrote or read in the last SIGNATURE_TTL_MS, the newest
 * RECENT_SIGNATURES of them (a few MB at most). Most candidates a message is confirmed
 * against were stored a little earlier in the same crawl, so their signatures need not be
 * read back: `find dedup_signatures` 2.86 → 0.14 per page in the 1,500-message crawl
 * (docs/benchmarks.md; 0 with 10 minutes). A signature changes only when its message's text
 * does; another process's edit of a message is seen here once the entry ages out, and until
 * then the message is compared as it stood a minute before at most.
 */
export const RECENT_SIGNATURES = 2_048;
export const SIGNATURE_TTL_MS = 60_000;

class RecentSignatures {
  readonly #entries = new Lru<{ sig: Comparable; at: number }>(RECENT_SIGNATURES);

  get(id: string): Comparable | null {
    const e = this.#entries.get(id);
    if (!e) return null;
    if (performance.now() - e.at <= SIGNATURE_TTL_MS) return e.sig;
    this.#entries.delete(id);
    return null;
  }

  set(id: string, sig: Comparable): void {
    this.#entries.set(id, { sig, at: performance.now() });
  }
}

const recentSignatures = new WeakMap<Db, RecentSignatures>();

function recentFor(db: Db): RecentSignatures {
  let recent = recentSignatures.get(db);
  if (!recent) recentSignatures.set(db, (recent = new RecentSignatures()));
  return recent;
}

function comparableOf(s: Comparable): Comparable {
  return { textHash: s.textHash, text: s.text, regionCode: s.regionCode, authorKey: s.authorKey, titleKey: s.titleKey };
}

export class DedupIndex {
  readonly #recent: RecentSignatures;
  readonly #signatures: Collection<DedupSignature>;
  readonly #lists: SlotLists;

  constructor(db: Db) {
    this.#recent = recentFor(db);
    this.#signatures = db.collection<DedupSignature>(CaseCollections.dedupSignatures);
    this.#lists = new SlotLists(db.collection<SlotDoc>(CaseCollections.dedupBands), { ...bandHintsFor(db), carryBelow: true });
  }

  /**
   * Stores the fingerprint of one message version and returns the ids of earlier messages
   * confirmed as the same issue (self excluded). Recording before comparing is what makes
   * concurrent near-duplicates find each other (see SlotLists.append).
   */
  async recordAndMatch(messageId: string, version: number, fp: Fingerprint): Promise<string[]> {
    await this.#writeSignature(messageId, version, fp);
    const seen = await this.#lists.append(indexKeys(fp), messageId, BAND_LIST_CAP);
    return this.#confirm(fp, selectCandidates(seen, [exactKeyOf(fp), authorKeyOf(fp)], messageId));
  }

  /** Whether the stored message `id` is the same issue as a fingerprint (false if unknown). */
  async sameIssue(fp: Fingerprint, id: string, own: ReadonlySet<number> = shingleSet(fp.text)): Promise<boolean> {
    let sig: Comparable | null = this.#recent.get(id);
    if (!sig) {
      sig = await this.#signatures.findOne({ _id: id });
      if (sig) this.#recent.set(id, comparableOf(sig));
    }
    return sig !== null && sameIssueAs(fp, sig, own);
  }

  async #confirm(fp: Fingerprint, ids: string[]): Promise<string[]> {
    const own = shingleSet(fp.text);
    const out: string[] = [];
    for (const id of ids) if (await this.sameIssue(fp, id, own)) out.push(id);
    return out.sort();
  }

  async #writeSignature(messageId: string, version: number, fp: Fingerprint): Promise<void> {
    const fields = { textHash: fp.textHash, text: fp.text, version, regionCode: fp.regionCode, authorKey: fp.authorKey, titleKey: fp.titleKey };
    try {
      await this.#signatures.updateOne({ _id: messageId }, { $set: fields }, { upsert: true });
    } catch (err) {
      // Two writers of the same message both upserting: the loser retries as an update.
      if (!isDuplicateKey(err)) throw err;
      await this.#signatures.updateOne({ _id: messageId }, { $set: fields });
    }
    this.#recent.set(messageId, comparableOf(fields));
  }
}

/**
 * The candidates to confirm, from the lists a message met (list key → message ids): every
 * message a `named` list holds (exact copy, same author), then the MAX_BAND_CANDIDATES
 * others sharing the most band lists (ties by id, so the choice does not depend on order).
 */
export function selectCandidates(seen: ReadonlyMap<string, readonly string[]>, named: ReadonlyArray<string | null>, self: string): string[] {
  const strong = new Set<string>();
  const bands = new Map<string, number>();
  for (const [key, ids] of seen) {
    const isNamed = named.includes(key);
    for (const id of ids) {
      if (id === self) continue;
      if (isNamed) strong.add(id);
      else bands.set(id, (bands.get(id) ?? 0) + 1);
    }
  }
  const weak = [...bands.entries()]
    .filter(([id]) => !strong.has(id))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_BAND_CANDIDATES)
    .map(([id]) => id);
  return [...strong, ...weak];
}

/** What the index compares of a stored message: its signature's fields (old ones may lack some). */
export type Comparable = Pick<DedupSignature, 'textHash' | 'text' | 'regionCode' | 'authorKey' | 'titleKey'>;

/**
 * Whether a stored message is the same issue as a fingerprint: places compatible, and the
 * same exact text or confirmed (similarity.ts) with the same-author and same-title facts.
 */
export function sameIssueAs(fp: Fingerprint, other: Comparable, own: ReadonlySet<number> = shingleSet(fp.text)): boolean {
  if (!placesCompatible(other.regionCode, fp.regionCode)) return false;
  const [sameAuthor, sameTitle] = [sameKey(fp.authorKey, other.authorKey), sameKey(fp.titleKey, other.titleKey)];
  return other.textHash === fp.textHash || confirmSameIssue(fp.text, other.text, compareSets(own, shingleSet(other.text)), sameAuthor, sameTitle);
}
