/**
 * The append-only event log with a gap-free increasing `seq` (the `_id`), built only on
 * unique-index inserts, because FerretDB v1's SQLite backend does not make a filtered update
 * atomic (FerretDB issue #3040): compare-and-set updates can all "match" and lose writes.
 *
 * Why it is gap-free and never double-logs, even with several writers:
 * - seq = (highest seq) + 1, taken by inserting a document whose `_id` is that seq: two
 *   writers racing for the same seq collide on `_id`, the loser re-reads and retries;
 * - each event's `key` (`entityId:version`) is unique, so logging a change twice (after a
 *   crash, or by two writers) finds the first one;
 * - seq n+1 is only computed after seq n is visible, so a reader polling `_id > lastSeen`
 *   in `_id` order never skips an event that shows up later.
 * A version whose writer crashed before logging it stays `evented: false` and is logged
 * by the next `sequenceUnevented` sweep (run at every start and every run).
 */
import type { Collection, Db } from 'mongodb';

import type { Clock } from '../shared/clock.js';
import { StoreError } from '../shared/errors.js';
import { Collections, type EventRecord, type MessageVersion } from './schemas.js';

const MAX_SEQ_ATTEMPTS = 1000;

/** Appends one event, returning its seq; idempotent by `key`. */
export async function appendEvent(
  events: Collection<EventRecord>,
  event: Omit<EventRecord, '_id'>,
): Promise<number> {
  for (let attempt = 0; attempt < MAX_SEQ_ATTEMPTS; attempt++) {
    const last = await events.find({}, { projection: { _id: 1 } }).sort({ _id: -1 }).limit(1).next();
    const seq = (last?._id ?? 0) + 1;
    try {
      await events.insertOne({ _id: seq, ...event });
      return seq;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      // Either someone took this seq (retry with the next) or this event is already logged.
      const existing = await events.findOne({ key: event.key }, { projection: { _id: 1 } });
      if (existing) return existing._id;
    }
  }
  throw new StoreError('Could not take an event sequence number', { code: 'ERR_STORE_CONTENTION' });
}

/** Logs the event of one stored version and marks the version evented. */
export async function logVersion(db: Db, version: MessageVersion, clock: Clock): Promise<number> {
  const seq = await appendEvent(db.collection<EventRecord>(Collections.events), {
    key: `${version.messageId}:${version.version}`,
    type: version.version === 1 ? 'message.created' : 'message.changed',
    entity: 'message',
    entityId: version.messageId,
    source: version.source,
    version: version.version,
    changedFields: version.changedFields,
    occurredAt: version.observedAt,
    sequencedAt: clock.now(),
  });
  // Concurrent markers all write `true`: a lost update here is harmless.
  await db
    .collection<MessageVersion>(Collections.messageVersions)
    .updateOne({ _id: version._id }, { $set: { evented: true } });
  return seq;
}

/** Logs versions whose writer stopped before logging them; returns how many it logged. */
export async function sequenceUnevented(db: Db, clock: Clock, limit = 10_000): Promise<number> {
  const versions = await db
    .collection<MessageVersion>(Collections.messageVersions)
    .find({ evented: false })
    .sort({ observedAt: 1 })
    .limit(limit)
    .toArray();
  // Oldest version of each message first, so a message's events stay in version order.
  versions.sort((a, b) => a.version - b.version);
  for (const v of versions) await logVersion(db, v, clock);
  return versions.length;
}

/**
 * Logs every not-yet-logged version of one message, oldest first, so that a message's
 * events appear in the log in version order even when several writers race.
 */
export async function logMessageVersions(db: Db, messageId: string, clock: Clock): Promise<void> {
  const pending = await db
    .collection<MessageVersion>(Collections.messageVersions)
    .find({ messageId, evented: false })
    .sort({ version: 1 })
    .toArray();
  for (const v of pending) await logVersion(db, v, clock);
}

/** Reads events after a seq, in order; what downstream pollers call. */
export async function readEventsAfter(db: Db, afterSeq: number, limit = 1000): Promise<EventRecord[]> {
  return db
    .collection<EventRecord>(Collections.events)
    .find({ _id: { $gt: afterSeq } })
    .sort({ _id: 1 })
    .limit(limit)
    .toArray();
}
