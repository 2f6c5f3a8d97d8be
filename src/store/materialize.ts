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
import { insertOnce } from './insert-once.js';
import {
  Collections,
  SCHEMA_VERSION,
  type MessageRecord,
  type MessageVersion,
} from './schemas.js';

const MAX_ROUNDS = 50;

/** What one look at a message shows: the materialized version and the newest stored one. */
interface State {
  /** `version` of the `messages` document; null when there is none yet. */
  materialized: number | null;
  latest: MessageVersion | null;
}

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
    return (await this.#state(messageId)).latest;
  }

  /**
   * As latest, but null as soon as the message has no document, without looking for its
   * versions. For a writer about to claim version 1: a version stored without its document
   * (its writer stopped in between) makes that claim fail, and the writer then looks again
   * with latest. One `_id` lookup fewer for every message new to the store.
   */
  async latestUnlessUndocumented(messageId: string): Promise<MessageVersion | null> {
    return (await this.#state(messageId, undefined, true)).latest;
  }

  /**
   * Reads the materialized version, then the version it names and the one after: in the
   * common case (nothing newer) that is three `_id` lookups and the answer; otherwise the
   * galloping search finds the end of the run.
   */
  async #state(messageId: string, known?: MessageVersion, trustMissingDocument = false): Promise<State> {
    const doc = await this.#messages.findOne({ _id: messageId }, { projection: { version: 1 } });
    const materialized = doc?.version ?? null;
    if (doc === null && trustMissingDocument) return { materialized, latest: null };
    // A version the caller holds (it just stored it) is as good a start as the one the
    // document names, and costs no read.
    const hinted =
      known && (materialized === null || materialized <= known.version)
        ? known
        : materialized === null
          ? null
          : await this.#version(messageId, materialized);
    if (hinted && !(await this.#exists(messageId, hinted.version + 1))) return { materialized, latest: hinted };
    // No document yet, a hint that ran ahead of the versions, or newer versions exist.
    const next = await firstMissing((n) => this.#exists(messageId, n), hinted ? hinted.version + 2 : 1);
    if (next === 1) return { materialized, latest: null };
    return { materialized, latest: await this.#version(messageId, next - 1) };
  }

  #version(messageId: string, n: number): Promise<MessageVersion | null> {
    return this.#versions.findOne({ _id: `${messageId}@${n}` });
  }

  async #exists(messageId: string, n: number): Promise<boolean> {
    return (await this.#versions.findOne({ _id: `${messageId}@${n}` }, { projection: { _id: 1 } })) !== null;
  }

  /** The first stored version (its time is the message's firstSeenAt). */
  async firstSeen(messageId: string): Promise<Date | null> {
    const first = await this.#versions.findOne({ _id: `${messageId}@1` }, { projection: { observedAt: 1 } });
    return first?.observedAt ?? null;
  }

  /**
   * Writes the newest version into `messages` and verifies it stuck; returns that version.
   * `known`: a stored version of the message the caller holds (versions never change).
   */
  async sync(messageId: string, seenAt: Date, known?: MessageVersion): Promise<MessageVersion> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const { materialized, latest } = await this.#state(messageId, known);
      if (!latest) throw new StoreError(`No stored version of ${messageId}`, { fatal: true });
      if (materialized === latest.version) {
        await this.#messages.updateOne({ _id: messageId }, { $max: { lastSeenAt: seenAt } });
      } else {
        await this.#write(latest, materialized === null, seenAt);
      }
      // Settled when the document shows this version and no newer version appeared since.
      if (await this.#settled(messageId, latest.version)) return latest;
    }
    throw new StoreError(`Could not materialize ${messageId}`, { code: 'ERR_STORE_CONTENTION' });
  }

  async #settled(messageId: string, version: number): Promise<boolean> {
    const doc = await this.#messages.findOne({ _id: messageId }, { projection: { version: 1 } });
    return doc?.version === version && !(await this.#exists(messageId, version + 1));
  }

  /**
   * Inserts the document of a message whose first version this writer just stored, when it
   * saw neither a document nor a version before; false when a document exists (then `sync`).
   * A won insert needs no check: an insert cannot be lost the way an update can (file
   * comment), no version was materialized before it, and the writer of any newer version
   * syncs after storing it, so writes after this insert and checks its own write.
   */
  async insertFirst(v: MessageVersion, seenAt: Date): Promise<boolean> {
    return insertOnce(this.#messages, { _id: v.messageId, ...fieldsOf(v, v.observedAt), lastSeenAt: seenAt });
  }

  async #write(v: MessageVersion, isNew: boolean, seenAt: Date): Promise<void> {
    // Version 1 is its own first sighting; later ones read it.
    const firstSeenAt = (v.version === 1 ? v.observedAt : await this.firstSeen(v.messageId)) ?? v.observedAt;
    const fields = fieldsOf(v, firstSeenAt);
    // A racing writer's insert of the same new message makes this one an update.
    if (isNew && (await insertOnce(this.#messages, { _id: v.messageId, ...fields, lastSeenAt: seenAt }))) return;
    await this.#messages.updateOne({ _id: v.messageId }, { $set: fields, $max: { lastSeenAt: seenAt } });
  }
}

/** The `messages` document's fields for a version (all but `_id` and `lastSeenAt`). */
function fieldsOf(v: MessageVersion, firstSeenAt: Date) {
  const { _id: _versionId, messageId: _m, changedFields: _c, observedAt, evented: _e, ...content } = v;
  return { ...content, schemaVersion: SCHEMA_VERSION, version: v.version, firstSeenAt, lastChangedAt: observedAt } as const;
}
