/**
 * Puts every stored message into exactly one case. Called right after
 * `MessageRepository.upsert` with the message and its StoreResult:
 *
 *   const res = await repo.upsert(message);
 *   await cases.assign(message, res);
 *
 * Steps: store the message's fingerprint and band keys (appending is what finds earlier
 * holders of each key, so of two concurrent near-duplicates the later one sees the earlier),
 * confirm candidates by shingle similarity, keep those whose case's first message is also
 * the same issue (see #linkable), join the oldest case among them or open a new one, claim
 * any unclaimed duplicate into the same case, merge every other case found (younger into
 * older), then refresh the roll-ups and log case events. A case opened for the message
 * alone logs its `created` and first `updated` when it is opened and is then checked rather
 * than refreshed. All exclusivity comes from insert-once claims (see store/case-graph.ts).
 */
import type { Collection, Db } from 'mongodb';

import type { Clock } from '../shared/clock.js';
import type { CaseRecord } from '../store/case-schemas.js';
import { CaseCollections } from '../store/case-schemas.js';
import { CaseGraph, type MergeDone } from '../store/case-graph.js';
import { caseEvents, type CaseEvent } from '../store/case-events.js';
import { markEvented, versionEvent } from '../store/event-log.js';
import { CaseNumbers, compareCaseAge } from '../store/case-numbers.js';
import { CaseRollup } from '../store/case-rollup.js';
import type { StoreResult } from '../store/message-repository.js';
import type { MessageVersion } from '../store/schemas.js';
import { DedupIndex } from './dedup-index.js';
import { fingerprint, type Fingerprint } from './fingerprint.js';
import type { DedupInput } from './text.js';

/** What assign() did for one message. */
export interface AssignResult {
  /** The open case the message is in now. */
  caseId: string;
  /** The case this call opened, if any. */
  opened: string | null;
  /** Merges this call performed. */
  merges: MergeDone[];
  /** Confirmed near-duplicates found (message ids). */
  matches: string[];
}

export class CaseAssigner {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #cases: Collection<CaseRecord>;
  readonly #graph: CaseGraph;
  readonly #index: DedupIndex;
  readonly #rollup: CaseRollup;
  readonly #numbers: CaseNumbers;
  readonly #events: ReturnType<typeof caseEvents>;

  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
    this.#cases = db.collection<CaseRecord>(CaseCollections.cases);
    this.#graph = new CaseGraph(db);
    this.#index = new DedupIndex(db);
    this.#rollup = new CaseRollup(db, this.#graph);
    this.#numbers = new CaseNumbers(this.#cases);
    this.#events = caseEvents(db, clock);
  }

  /** Assigns one stored message (see the file comment). */
  async assign(message: DedupInput, result: StoreResult): Promise<AssignResult> {
    const id = result.id;
    if (result.outcome === 'unchanged') {
      const claimed = await this.#graph.memberCase(id);
      if (claimed) return { caseId: await this.#graph.root(claimed), opened: null, merges: [], matches: [] };
    }
    const fp = fingerprint(message);
    const matches = await this.#index.recordAndMatch(id, result.version, fp);
    const linked = await this.#linkable(id, fp, matches);
    const now = this.#clock.now();
    const merges: MergeDone[] = [];
    // A new message's own event, left to this call by the store: logged with the first case events.
    const carried: Carried = { version: result.unlogged };
    const own = await this.#ownCase(id, result, linked, now, merges, carried);
    // A case opened here for this message alone (most messages): if it still holds just that
    // message, unchanged and unmerged, its stored roll-up is the one it was opened with, already
    // logged, so the refresh is skipped. Nobody else writes a case without first listing a
    // member or a merge, which the check sees, or which comes after it and is refreshed and
    // logged by its writer.
    const openedAlone = own.opened !== null && own.caseId === own.opened && linked.length === 0;
    if (openedAlone && own.initial && (await this.#rollup.stillSingle(own.caseId, id, own.initial.rollupHash, own.listedFirst))) {
      return { caseId: own.caseId, opened: own.opened, merges, matches };
    }
    // A case opened here was not merged before the claim; #publish checks for later merges.
    let root = own.caseId === own.opened ? own.caseId : await this.#graph.root(own.caseId);
    for (const other of linked) {
      const theirs = (await this.#graph.memberCase(other)) ?? (await this.#graph.claim(other, root, now));
      root = await this.#graph.union(root, theirs, now, merges);
    }
    const caseId = await this.#publish({ root, merges, messageId: id, now, carried });
    return { caseId, opened: own.opened, merges, matches };
  }

  /** The case of a message or case number, following merges; null if unknown. */
  async resolve(messageOrCaseId: string): Promise<string | null> {
    const claimed = await this.#graph.memberCase(messageOrCaseId);
    if (claimed) return this.#graph.root(claimed);
    const exists = await this.#cases.findOne({ _id: messageOrCaseId }, { projection: { _id: 1 } });
    return exists ? this.#graph.root(messageOrCaseId) : null;
  }

  /**
   * The matches whose case this message may join or merge: those whose case's first message
   * is the same issue too. Linking on any one confirmed pair (single linkage) chains posts
   * written from one template, each close to the last, into ever larger cases (271 messages
   * in 12,000 simulated posts of one board, docs/dedup.md); comparing with the first message
   * keeps a case about one issue. A match not yet in a case is itself the comparison.
   */
  async #linkable(id: string, fp: Fingerprint, matches: string[]): Promise<string[]> {
    const verdicts = new Map<string, boolean>();
    const out: string[] = [];
    for (const other of matches) {
      const claimed = await this.#graph.memberCase(other);
      if (!claimed) {
        out.push(other);
        continue;
      }
      const root = await this.#graph.root(claimed);
      let ok = verdicts.get(root);
      if (ok === undefined) {
        const first = await this.#graph.firstMember(root);
        ok = first === null || first === other || first === id || (await this.#index.sameIssue(fp, first));
        verdicts.set(root, ok);
      }
      if (ok) out.push(other);
    }
    return out;
  }

  /**
   * The case this message goes in: the one it is claimed for, the oldest case of its linked
   * matches, or a new one, opened with the message's roll-up (`initial`, see CaseRollup.ofSingle).
   */
  async #ownCase(id: string, result: StoreResult, matches: string[], now: Date, merges: MergeDone[], carried: Carried): Promise<OwnCase> {
    // A message this call's store made is claimed by nobody unless another writer adopted it
    // meanwhile, which the claims below find (first claim wins): no read for it first.
    const existing = result.outcome === 'inserted' ? null : await this.#graph.memberCase(id);
    if (existing) return { caseId: existing, opened: null, initial: null, listedFirst: false };
    const target = await this.#oldestCaseOf(matches);
    if (target) return { caseId: await this.#graph.claim(id, target, now), opened: null, initial: null, listedFirst: false };
    // Opened with the roll-up it gets once the claim below is in, so that the refresh (or the
    // check in assign) usually finds it settled.
    const initial = await this.#rollup.ofSingle(id, result.written);
    const fresh = await this.#numbers.open(now, initial ?? undefined);
    // Logged before the claim, as the case document stands: no other writer can reach the
    // case before the claim, so no event of it can come before `created`.
    const events = this.#events;
    await this.#log(carried, initial ? [events.created(fresh._id, id, now), events.updated(fresh._id, contentOf(initial), id, now)] : [events.created(fresh._id, id, now)]);
    const { caseId: claimed, listedFirst } = await this.#graph.claimListed(id, fresh._id, now);
    // Someone adopted this message first: fold the empty new case into its case.
    if (claimed !== fresh._id) await this.#graph.union(fresh._id, claimed, now, merges);
    return { caseId: claimed, opened: fresh._id, initial, listedFirst };
  }

  async #oldestCaseOf(messageIds: string[]): Promise<string | null> {
    const roots: string[] = [];
    for (const m of messageIds) {
      const c = await this.#graph.memberCase(m);
      if (c) roots.push(await this.#graph.root(c));
    }
    roots.sort(compareCaseAge);
    return roots[0] ?? null;
  }

  /** Refreshes the roll-ups a change touched, then logs its events together, in order. */
  async #publish(p: { root: string; merges: MergeDone[]; messageId: string; now: Date; carried: Carried }): Promise<string> {
    const events = this.#events;
    const pending: CaseEvent[] = [];
    for (const m of p.merges) {
      await this.#rollup.refresh(m.merged, p.now);
      pending.push(events.merged(m.merged, m.into, p.now));
    }
    // p.root was resolved just now; a merge since is caught by the check after the refresh.
    let root = p.root;
    for (;;) {
      const { changed, content } = await this.#rollup.refresh(root, p.now);
      const next = await this.#graph.root(root);
      if (next === root) {
        // A case opened here logged its first roll-up with `created` (#ownCase).
        if (changed) pending.push(events.updated(root, content, p.messageId, p.now));
        await this.#log(p.carried, pending);
        return root;
      }
      root = next; // merged meanwhile by another writer: refresh the survivor
    }
  }

  /**
   * Logs `list` in order, after the message's own event if it is still carried (then marks
   * that version evented). One append for all of them: see event-log.ts appendEvents.
   */
  async #log(carried: Carried, list: CaseEvent[]): Promise<void> {
    const version = carried.version;
    delete carried.version;
    const all = version ? [versionEvent(version, this.#clock), ...list] : list;
    if (all.length > 0) await this.#events.log(all);
    if (version) await markEvented(this.#db, version);
  }
}

/** The store's unlogged version of the message being assigned, until it is logged. */
interface Carried {
  version?: MessageVersion | undefined;
}

type SingleRollup = NonNullable<Awaited<ReturnType<CaseRollup['ofSingle']>>>;

/** The roll-up content of `initial`, without its hash (the event key hashes the content). */
function contentOf({ rollupHash: _hash, ...content }: SingleRollup) {
  return content;
}

interface OwnCase {
  caseId: string;
  /** The case this call opened, if any. */
  opened: string | null;
  /** The roll-up the opened case was written with (null when none was opened, or the message is gone). */
  initial: SingleRollup | null;
  /** The message's claim won with it first in the opened case's member list. */
  listedFirst: boolean;
}
