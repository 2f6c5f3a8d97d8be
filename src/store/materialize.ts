/**
 * Keeps the `messages` document equal to the newest entry in `message_versions`.
 *
 * On FerretDB v1 any two concurrent updates of one document can lose one (the SQLite
 * handler reads, modifies and writes back outside a transaction). So every writer writes,
 * then re-reads and re-materializes until the document shows the newest version: the last
 * write to a document is always followed by a check by the same writer, which converges.
 */
import type { Collection, Db } from 'mongodb';

import { StoreError } from '../shared/errors.js';
import { firstMissing } from './id-probe.js';
import {
  Collections,
  SCHEMA_VERSION,
  type MessageRecord,
  type MessageVersion,
} from './schemas.js';

const MAX_ROUNDS = 50;

export class Materializer {
  readonly #messages: Collection<MessageRecord>;
  readonly #versions: Collection<MessageVersion>;

  constructor(db: Db) {
    this.#messages = db.collection<MessageRecord>(Collections.messages);
    this.#versions = db.collection<MessageVersion>(Collections.messageVersions);
  }

  /**
   * The newest stored version of a message, or null. Versions are numbered 1, 2, 3 … without
   * holes, so it is found by `_id` lookups from the materialized version as a hint.
   */
  async latest(messageId: string): Promise<MessageVersion | null> {
    const doc = await this.#messages.findOne({ _id: messageId }, { projection: { version: 1 } });
    const exists = async (n: number) =>
      (await this.#versions.findOne({ _id: `${messageId}@${n}` }, { projection: { _id: 1 } })) !== null;
    const next = await firstMissing(exists, (doc?.version ?? 0) + 1);
    if (next === 1) return null;
    return this.#versions.findOne({ _id: `${messageId}@${next - 1}` });
  }

  /** The first stored version (its time is the message's firstSeenAt). */
  async firstSeen(messageId: string): Promise<Date | null> {
    const first = await this.#versions.findOne({ _id: `${messageId}@1` }, { projection: { observedAt: 1 } });
    return first?.observedAt ?? null;
  }

  /** Writes the newest version into `messages` and verifies it stuck; returns that version. */
  async sync(messageId: string, seenAt: Date): Promise<MessageVersion> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const latest = await this.latest(messageId);
      if (!latest) throw new StoreError(`No stored version of ${messageId}`, { fatal: true });
      const doc = await this.#messages.findOne({ _id: messageId }, { projection: { version: 1 } });
      if (doc && doc.version === latest.version) {
        await this.#messages.updateOne({ _id: messageId }, { $max: { lastSeenAt: seenAt } });
      } else {
        await this.#write(latest, doc === null, seenAt);
      }
      // Compare with the newest version as of now, not as of the start of this round.
      const settled = await this.#settled(messageId);
      if (settled) return settled;
    }
    throw new StoreError(`Could not materialize ${messageId}`, { code: 'ERR_STORE_CONTENTION' });
  }

  async #settled(messageId: string): Promise<MessageVersion | null> {
    const latest = await this.latest(messageId);
    const doc = await this.#messages.findOne({ _id: messageId }, { projection: { version: 1 } });
    return latest && doc?.version === latest.version ? latest : null;
  }

  async #write(v: MessageVersion, isNew: boolean, seenAt: Date): Promise<void> {
    const { _id: _versionId, messageId, changedFields: _c, observedAt, evented: _e, ...content } = v;
    const firstSeenAt = (await this.firstSeen(messageId)) ?? observedAt;
    const fields = {
      ...content,
      schemaVersion: SCHEMA_VERSION,
      version: v.version,
      firstSeenAt,
      lastChangedAt: observedAt,
    } as const;
    if (isNew) {
      try {
        await this.#messages.insertOne({ _id: messageId, ...fields, lastSeenAt: seenAt });
        return;
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
      }
    }
    await this.#messages.updateOne({ _id: messageId }, { $set: fields, $max: { lastSeenAt: seenAt } });
  }
}
