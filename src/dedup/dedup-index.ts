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
import { SlotHints } from '../store/slot-hints.js';
import { sameKey } from './author.js';
import { exactKeyOf, indexKeys, type Fingerprint } from './fingerprint.js';
import { shingleSet } from './shingles.js';
import { placesCompatible } from './region-guard.js';
import { compareSets, confirmSameIssue } from './similarity.js';

/**
 * Entries kept per band key. A key shared by more messages than this is a very common text
 * (a form letter); it stops finding new candidates, the other bands still do.
 */
export const BAND_LIST_CAP = 32;
/** At most this many candidates (most shared keys first) are confirmed per message. */
export const MAX_CANDIDATES = 50;
const EXACT_WEIGHT = 1_000;

/**
 * One table of band-list hints per database handle, so that the runs of a long-lived process
 * (the daemon builds a CaseAssigner per run) keep what the earlier ones learned.
 */
const bandHints = new WeakMap<Db, SlotHints>();

function bandHintsFor(db: Db): SlotHints {
  let hints = bandHints.get(db);
  if (!hints) bandHints.set(db, (hints = new SlotHints()));
  return hints;
}

export class DedupIndex {
  readonly #signatures: Collection<DedupSignature>;
  readonly #lists: SlotLists;

  constructor(db: Db) {
    this.#signatures = db.collection<DedupSignature>(CaseCollections.dedupSignatures);
    this.#lists = new SlotLists(db.collection<SlotDoc>(CaseCollections.dedupBands), { hints: bandHintsFor(db), carryBelow: true });
  }

  /**
   * Stores the fingerprint of one message version and returns the ids of earlier messages
   * confirmed as the same issue (self excluded). Recording before comparing is what makes
   * concurrent near-duplicates find each other (see SlotLists.append).
   */
  async recordAndMatch(messageId: string, version: number, fp: Fingerprint): Promise<string[]> {
    await this.#writeSignature(messageId, version, fp);
    const exactKey = exactKeyOf(fp);
    const seen = await this.#lists.append(indexKeys(fp), messageId, BAND_LIST_CAP);
    const counts = new Map<string, number>();
    for (const [key, ids] of seen) {
      for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + (key === exactKey ? EXACT_WEIGHT : 1));
    }
    counts.delete(messageId);
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_CANDIDATES);
    return this.#confirm(fp, ranked.map(([id]) => id));
  }

  /** Whether the stored message `id` is the same issue as a fingerprint (false if unknown). */
  async sameIssue(fp: Fingerprint, id: string, own: ReadonlySet<number> = shingleSet(fp.text)): Promise<boolean> {
    const sig = await this.#signatures.findOne({ _id: id });
    if (!sig || !placesCompatible(sig.regionCode, fp.regionCode)) return false;
    const [sameAuthor, sameTitle] = [sameKey(fp.authorKey, sig.authorKey), sameKey(fp.titleKey, sig.titleKey)];
    return sig.textHash === fp.textHash || confirmSameIssue(fp.text, sig.text, compareSets(own, shingleSet(sig.text)), sameAuthor, sameTitle);
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
  }
}
