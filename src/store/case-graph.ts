/**
 * Which case a message is in, built only from insert-once claims (see case-schemas.ts):
 * a message's case is its `case_members` claim followed along `case_merges` to the root.
 * Merges always point from the younger case to the older one, so the chains are acyclic
 * and every message resolves to exactly one open case. A merge that loses a race (the
 * case was merged elsewhere meanwhile) re-resolves both roots and tries again; each
 * successful merge removes one root, so the loop ends.
 *
 * Listing a case's members or merged cases uses `_id`-addressed lists in `case_index`
 * (see case-chains.ts). The list entry is written before the claim, and readers keep only
 * entries whose claim agrees, so a crash between the two leaves no wrong member behind.
 */
import type { Collection, Db } from 'mongodb';

import { StoreError } from '../shared/errors.js';
import { compareCaseAge } from './case-numbers.js';
import { SlotLists, type SlotDoc } from './case-chains.js';
import { CaseCollections, type CaseMember, type CaseMerge } from './case-schemas.js';
import { insertOnce } from './insert-once.js';

const MAX_ATTEMPTS = 100;
const MAX_CHAIN = 10_000;
/** Upper bound on a listed case's members or merged cases. */
const LIST_CAP = 1_000_000;

const memberList = (caseId: string): string => `m:${caseId}`;
const mergeList = (caseId: string): string => `g:${caseId}`;

/** A merge this process performed: `merged` now points at `into`. */
export interface MergeDone {
  merged: string;
  into: string;
}

export class CaseGraph {
  readonly #members: Collection<CaseMember>;
  readonly #merges: Collection<CaseMerge>;
  readonly #lists: SlotLists;

  constructor(db: Db) {
    this.#members = db.collection<CaseMember>(CaseCollections.caseMembers);
    this.#merges = db.collection<CaseMerge>(CaseCollections.caseMerges);
    this.#lists = new SlotLists(db.collection<SlotDoc>(CaseCollections.caseIndex));
  }

  /** The case a message was first put in (not following merges), or null. */
  async memberCase(messageId: string): Promise<string | null> {
    return (await this.#members.findOne({ _id: messageId }))?.caseId ?? null;
  }

  /** Claims `messageId` for `caseId`; returns the case it actually belongs to (first claim wins). */
  async claim(messageId: string, caseId: string, now: Date): Promise<string> {
    return (await this.claimListed(messageId, caseId, now)).caseId;
  }

  /** As claim, and whether this claim won with the message in the first slot of the case's member list. */
  async claimListed(messageId: string, caseId: string, now: Date): Promise<{ caseId: string; listedFirst: boolean }> {
    const below = (await this.#lists.append([memberList(caseId)], messageId, LIST_CAP)).get(memberList(caseId)) ?? [];
    if (await insertOnce(this.#members, { _id: messageId, caseId, joinedAt: now })) return { caseId, listedFirst: below.length === 0 };
    const existing = await this.memberCase(messageId);
    if (!existing) throw new StoreError(`Lost case claim of ${messageId}`, { fatal: true });
    return { caseId: existing, listedFirst: false };
  }

  /** Follows merges to the open case. */
  async root(caseId: string): Promise<string> {
    let current = caseId;
    for (let i = 0; i < MAX_CHAIN; i++) {
      const merge = await this.#merges.findOne({ _id: current });
      if (!merge) return current;
      current = merge.into;
    }
    throw new StoreError(`Merge chain of ${caseId} too long`, { fatal: true });
  }

  /** Direct merge target of a case, or null if it is open. */
  async mergedInto(caseId: string): Promise<string | null> {
    return (await this.#merges.findOne({ _id: caseId }))?.into ?? null;
  }

  /** Merges the cases of `a` and `b` (younger root into older); returns the surviving root. */
  async union(a: string, b: string, now: Date, done: MergeDone[]): Promise<string> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const ra = await this.root(a);
      const rb = await this.root(b);
      if (ra === rb) return ra;
      const [older, younger] = compareCaseAge(ra, rb) <= 0 ? [ra, rb] : [rb, ra];
      await this.#lists.append([mergeList(older)], younger, LIST_CAP);
      if (await insertOnce(this.#merges, { _id: younger, into: older, at: now })) {
        done.push({ merged: younger, into: older });
        return older;
      }
    }
    throw new StoreError('Too much merge contention', { code: 'ERR_STORE_CONTENTION' });
  }

  /** The open case and every case merged into it, transitively. */
  async absorbed(root: string): Promise<string[]> {
    const all = [root];
    for (let i = 0; i < all.length && all.length < MAX_CHAIN; i++) {
      const parent = all[i] ?? root;
      for (const child of await this.#lists.list(mergeList(parent), LIST_CAP)) {
        if ((await this.mergedInto(child)) === parent && !all.includes(child)) all.push(child);
      }
    }
    return all;
  }

  /**
   * Whether an open case holds `messageId` alone, as the lists and merges stand now: not
   * merged, no case merged into it, and its member list just that message. The caller knows
   * the message's claim went to this case (and, with `listedFirst` from claimListed, that it
   * is the list's first entry, which is then not read); any other claim or merge lists itself
   * before it is made (see the file comment), so one that this misses comes after it.
   */
  async holdsOnly(caseId: string, messageId: string, listedFirst = false): Promise<boolean> {
    if ((await this.mergedInto(caseId)) !== null) return false;
    if ((await this.#lists.at(mergeList(caseId), 0)) !== null) return false;
    if (!listedFirst && (await this.#lists.at(memberList(caseId), 0)) !== messageId) return false;
    return (await this.#lists.at(memberList(caseId), 1)) === null;
  }

  /** The first message claimed by a case (what a newcomer is compared with), or null. */
  async firstMember(caseId: string): Promise<string | null> {
    for (let slot = 0; slot < LIST_CAP; slot++) {
      const m = await this.#lists.at(memberList(caseId), slot);
      if (m === null) return null;
      // A slot can hold a message whose claim went to another case first.
      if ((await this.memberCase(m)) === caseId) return m;
    }
    return null;
  }

  /** Message ids claimed by any of the given cases. */
  async membersOf(caseIds: string[]): Promise<string[]> {
    const out = new Set<string>();
    for (const caseId of caseIds) {
      for (const m of await this.#lists.list(memberList(caseId), LIST_CAP)) {
        if ((await this.memberCase(m)) === caseId) out.add(m);
      }
    }
    return [...out].sort();
  }
}
