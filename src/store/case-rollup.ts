/**
 * Computes a case's roll-up from its claimed members and writes it to `cases`.
 *
 * Several writers may refresh one case at once, and on FerretDB v1 concurrent updates of one
 * document can overwrite each other. The roll-up is a pure function of the claims and the
 * stored messages, so each writer writes, then recomputes and compares hashes until the
 * stored document equals the current roll-up (the Materializer's rule): the last write to
 * a case is always followed by a check by the same writer, which converges.
 */
import { createHash } from 'node:crypto';

import type { Collection, Db } from 'mongodb';

import { StoreError } from '../shared/errors.js';
import { canonicalJson } from './content-hash.js';
import type { CaseGraph } from './case-graph.js';
import { rollupMessages, ROLLUP_FIELDS, type RollupFields, type RollupMessage } from './case-rollup-fields.js';
import { CaseCollections, type CaseRecord } from './case-schemas.js';
import { Collections, type MessageRecord, type MessageVersion } from './schemas.js';

const MAX_ROUNDS = 50;

type CaseContent = RollupFields & Pick<CaseRecord, 'state' | 'mergedInto'>;

export class CaseRollup {
  readonly #cases: Collection<CaseRecord>;
  readonly #messages: Collection<MessageRecord>;
  readonly #graph: CaseGraph;

  constructor(db: Db, graph: CaseGraph) {
    this.#cases = db.collection<CaseRecord>(CaseCollections.cases);
    this.#messages = db.collection<MessageRecord>(Collections.messages);
    this.#graph = graph;
  }

  /** Brings `cases` up to date for one case; returns the new hash if this call changed it. */
  async refresh(caseId: string, now: Date): Promise<{ changed: boolean; content: CaseContent }> {
    let changed = false;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const content = await this.compute(caseId);
      const hash = hashContent(content);
      const stored = await this.#cases.findOne({ _id: caseId }, { projection: { rollupHash: 1 } });
      if (stored?.rollupHash === hash) return { changed, content };
      await this.#cases.updateOne({ _id: caseId }, { $set: { ...content, rollupHash: hash, updatedAt: now } });
      changed = true;
    }
    throw new StoreError(`Could not settle the roll-up of ${caseId}`, { code: 'ERR_STORE_CONTENTION' });
  }

  /**
   * The roll-up fields, with their hash, of an open case whose one member is `messageId`:
   * what a case opened for that message will hold once the message's claim is in. Writing
   * them with the new case lets its first refresh find the case settled and write nothing
   * (one write and one recomputation fewer per opened case). Until the claim is in (or, if
   * another case adopted the message first, until the merge the opener then performs and
   * refreshes) the new case lists a message it does not hold: a reader may see that for
   * those few round trips, as it could see the empty case before. Null if the message is
   * not stored.
   */
  async ofSingle(messageId: string, known?: MessageVersion): Promise<(CaseContent & { rollupHash: string }) | null> {
    // The first version the caller just stored is what the message's document was written
    // from (Materializer.insertFirst), so it stands in for the read. If a newer version has
    // replaced it since, stillSingle's read of the document sees that.
    const m = known?.version === 1 && known.messageId === messageId ? rollupOfFirst(known) : await this.#messages.findOne({ _id: messageId }, { projection: rollupProjection() });
    if (!m) return null;
    const content: CaseContent = { ...rollupMessages([m]), state: 'open', mergedInto: null };
    return { ...content, rollupHash: hashContent(content) };
  }

  /**
   * Whether a case opened with the single-message roll-up `hash` (ofSingle) still has it:
   * `messageId`, whose claim for the case is known to have won (`listedFirst`: see
   * CaseGraph.holdsOnly), is its only member, nothing was merged into it or it into another,
   * and the message's roll-up fields are unchanged. Four or five `_id` reads, where
   * refreshing such a case reads seven and resolving it before and after the refresh two more.
   */
  async stillSingle(caseId: string, messageId: string, hash: string, listedFirst = false): Promise<boolean> {
    if (!(await this.#graph.holdsOnly(caseId, messageId, listedFirst))) return false;
    return (await this.ofSingle(messageId))?.rollupHash === hash;
  }

  /** The roll-up of a case as the claims and messages stand now. */
  async compute(caseId: string): Promise<CaseContent> {
    const into = await this.#graph.mergedInto(caseId);
    if (into !== null) return { ...rollupMessages([]), state: 'merged', mergedInto: into };
    const memberIds = await this.#graph.membersOf(await this.#graph.absorbed(caseId));
    const projection = rollupProjection();
    // One `_id` lookup per member: `$in` is not pushed down on FerretDB v1 and would scan.
    const messages: RollupMessage[] = [];
    for (const id of memberIds) {
      const m = await this.#messages.findOne({ _id: id }, { projection });
      if (m) messages.push(m);
    }
    return { ...rollupMessages(messages), state: 'open', mergedInto: null };
  }
}

/** The roll-up fields of a message's document as written from its first version. */
function rollupOfFirst(v: MessageVersion): RollupMessage {
  const { messageId, source, board, title, postedAt, region, type, status, replies, evaluation, observedAt } = v;
  return { _id: messageId, source, board, title, postedAt, region, type, status, replies, evaluation, firstSeenAt: observedAt };
}

function rollupProjection(): Record<string, 1> {
  return Object.fromEntries(ROLLUP_FIELDS.map((f) => [f, 1]));
}

/** sha256 of the roll-up content (times of the write excluded). */
export function hashContent(content: CaseContent): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}
