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
import { Serial } from '../shared/serial.js';
import { nextFree } from './id-probe.js';
import { insertOnce, isDuplicateKey, leadingInserted } from './insert-once.js';
import { Collections, seqId, type EventRecord, type MessageVersion } from './schemas.js';

const MAX_SEQ_ATTEMPTS = 1000;
const HINT_ID = 'events.next';
/** The shared hint is written every this many events of a process (it is only a hint). */
const SAVE_HINT_EVERY = 16;

/**
 * This process's own next-seq hint per database: after its own append it is exact unless
 * another writer appended since, which the probe from it finds (a few `_id` lookups).
 */
const localNext = new WeakMap<Db, { next: number; sinceSaved: number }>();

interface Hint {
  _id: string;
  next: number;
}

/**
 * Appends one event, returning its seq; idempotent by `key`. The next free seq is found
 * from a hint by `_id` lookups (see id-probe.ts); the insert at exactly that seq is what
 * decides, so a stale hint costs lookups, never a gap.
 */
export function appendEvent(events: Collection<EventRecord>, event: NewEvent): Promise<number> {
  return serialFor(events.db).run(() => append(events, event));
}

/**
 * Appends several events in this order at consecutive seqs, returning them; each idempotent
 * by `key` as appendEvent. When no other writer is appending, that is one lookup and one
 * ordered insert for all of them; whatever the batch insert did not place (a seq another
 * writer took, a key already logged) goes through appendEvent's path one by one.
 */
export function appendEvents(events: Collection<EventRecord>, list: readonly NewEvent[]): Promise<number[]> {
  return serialFor(events.db).run(async () => {
    if (list.length <= 1) return Promise.all(list.map((e) => append(events, e)));
    const placed = await appendBatch(events, list);
    for (const e of list.slice(placed.length)) placed.push(await append(events, e));
    return placed;
  });
}

/** An event before it is logged. */
export type NewEvent = Omit<EventRecord, '_id' | 'seq'>;

/** One append at a time per process and database: see Serial. */
function serialFor(db: Db): Serial {
  let serial = appends.get(db);
  if (!serial) appends.set(db, (serial = new Serial()));
  return serial;
}

const appends = new WeakMap<Db, Serial>();

const seqExists = (events: Collection<EventRecord>) => async (n: number) =>
  (await events.findOne({ _id: seqId(n) }, { projection: { _id: 1 } })) !== null;

/** Where this process starts looking for the next seq: its own last append, else the shared hint. */
async function startHint(events: Collection<EventRecord>): Promise<number> {
  return localNext.get(events.db)?.next ?? (await hintsOf(events).findOne({ _id: HINT_ID }))?.next ?? 1;
}

const hintsOf = (events: Collection<EventRecord>) => events.db.collection<Hint>(Collections.hints);

/** Records that this process appended up to `last`; saves the shared hint every SAVE_HINT_EVERY events. */
async function appended(events: Collection<EventRecord>, last: number, count: number): Promise<void> {
  const local = localNext.get(events.db);
  const sinceSaved = (local?.sinceSaved ?? SAVE_HINT_EVERY) + count;
  // Other processes start from the shared hint; a stale one costs them O(log gap) lookups.
  if (sinceSaved >= SAVE_HINT_EVERY) await saveHint(hintsOf(events), last + 1);
  localNext.set(events.db, { next: last + 1, sinceSaved: sinceSaved >= SAVE_HINT_EVERY ? 0 : sinceSaved });
}

/**
 * The batch step of appendEvents: inserts the events, ordered, from the next free seq on;
 * returns the seqs of the leading events it placed (an ordered insert stops at the first
 * duplicate key, so they are consecutive and the log stays gap-free).
 */
async function appendBatch(events: Collection<EventRecord>, list: readonly NewEvent[]): Promise<number[]> {
  const { n: first } = await nextFree(seqExists(events), await startHint(events), localNext.has(events.db));
  const docs = list.map((e, i) => ({ _id: seqId(first + i), seq: first + i, ...e }));
  let placed = docs.length;
  try {
    await events.insertMany(docs, { ordered: true });
  } catch (err) {
    placed = leadingInserted(err, docs.length);
  }
  if (placed > 0) await appended(events, first + placed - 1, placed);
  return docs.slice(0, placed).map((d) => d.seq);
}

async function append(events: Collection<EventRecord>, event: NewEvent): Promise<number> {
  const exists = seqExists(events);
  const trusted = localNext.has(events.db);
  let hint = await startHint(events);
  for (let attempt = 0; attempt < MAX_SEQ_ATTEMPTS; attempt++) {
    // After this process's own append its hint is exact unless another writer appended since.
    const { n: seq, guessed } = await nextFree(exists, hint, attempt === 0 && trusted);
    if (await insertOnce(events, { _id: seqId(seq), seq, ...event })) {
      await appended(events, seq, 1);
      return seq;
    }
    hint = seq + 1;
    // A guessed seq mostly collides with another writer's append: probe before asking
    // whether the key is logged (a query by `key`, which FerretDB v1 answers by a scan).
    if (guessed) continue;
    // Either someone took this seq (look again) or this event is already logged.
    const logged = await alreadyLogged(events, event.key);
    if (logged !== null) return logged;
  }
  throw new StoreError('Could not take an event sequence number', { code: 'ERR_STORE_CONTENTION' });
}

/** Which seq an event key was logged at (a rare path: only after a duplicate-key error). */
async function alreadyLogged(events: Collection<EventRecord>, key: string): Promise<number | null> {
  const found = await events.findOne({ key }, { projection: { seq: 1 } });
  return found?.seq ?? null;
}

async function saveHint(hints: Collection<Hint>, next: number): Promise<void> {
  try {
    await hints.updateOne({ _id: HINT_ID }, { $max: { next } }, { upsert: true });
  } catch (err) {
    // Two first-ever upserts race on the hint document; the hint is only a hint.
    if (!isDuplicateKey(err)) throw err;
  }
}

/** Logs the event of one stored version, marks it evented and drops its crash marker. */
export async function logVersion(db: Db, version: MessageVersion, clock: Clock): Promise<number> {
  const seq = await appendEvent(db.collection<EventRecord>(Collections.events), versionEvent(version, clock));
  await markEvented(db, version);
  return seq;
}

/** The event of one stored version (`key` messageId:version, so it is logged once). */
export function versionEvent(version: MessageVersion, clock: Clock): NewEvent {
  return {
    key: `${version.messageId}:${version.version}`,
    type: version.version === 1 ? 'message.created' : 'message.changed',
    entity: 'message',
    entityId: version.messageId,
    source: version.source,
    version: version.version,
    changedFields: version.changedFields,
    occurredAt: version.observedAt,
    sequencedAt: clock.now(),
  };
}

/** After a version's event is in the log: marks the version evented and drops its crash marker. */
export async function markEvented(db: Db, version: MessageVersion): Promise<void> {
  // Concurrent markers all write `true`: a lost update here is harmless.
  await db
    .collection<MessageVersion>(Collections.messageVersions)
    .updateOne({ _id: version._id }, { $set: { evented: true } });
  await db.collection<Marker>(Collections.unevented).deleteOne({ _id: version._id });
}

interface Marker {
  _id: string;
  messageId: string;
  version: number;
  at: Date;
}

/** Records that a version is about to be written whose event is not logged yet. */
export async function markUnevented(db: Db, messageId: string, version: number, at: Date): Promise<void> {
  // The same version claimed by a racing writer: one marker serves both.
  await insertOnce(db.collection<Marker>(Collections.unevented), { _id: `${messageId}@${version}`, messageId, version, at });
}

/**
 * Logs every not-yet-logged version of one message up to `upTo`, oldest first, so that a
 * message's events appear in version order even when several writers race. Walks down by
 * `_id` from `upTo` while versions are unevented (usually just one step).
 */
export async function logMessageVersions(db: Db, messageId: string, upTo: number, clock: Clock, known?: MessageVersion): Promise<void> {
  const versions = db.collection<MessageVersion>(Collections.messageVersions);
  const pending: MessageVersion[] = [];
  for (let v = upTo; v >= 1; v--) {
    // The version the caller just stored is not read again (logging one twice is a no-op).
    const doc = known?.version === v ? known : await versions.findOne({ _id: `${messageId}@${v}` });
    if (!doc || doc.evented) break;
    pending.unshift(doc);
  }
  for (const v of pending) await logVersion(db, v, clock);
}

/**
 * Logs versions whose writer stopped before logging them. Only the small `unevented`
 * collection is scanned. Markers without a version are left while young (a writer may be
 * between the marker and the version insert) and dropped once older than `staleMs`.
 */
export async function sequenceUnevented(db: Db, clock: Clock, staleMs = 600_000): Promise<number> {
  const markers = await db.collection<Marker>(Collections.unevented).find({}).toArray();
  markers.sort((a, b) => a.version - b.version);
  let logged = 0;
  for (const m of markers) {
    const version = await db.collection<MessageVersion>(Collections.messageVersions).findOne({ _id: m._id });
    if (!version) {
      if (clock.now().getTime() - m.at.getTime() > staleMs) await db.collection<Marker>(Collections.unevented).deleteOne({ _id: m._id });
      continue;
    }
    if (!version.evented) {
      await logMessageVersions(db, m.messageId, m.version, clock);
      logged += 1;
    } else {
      await db.collection<Marker>(Collections.unevented).deleteOne({ _id: m._id });
    }
  }
  return logged;
}

/** Reads events after a seq, in order; what downstream pollers call. */
export async function readEventsAfter(db: Db, afterSeq: number, limit = 1000): Promise<EventRecord[]> {
  return db
    .collection<EventRecord>(Collections.events)
    .find({ seq: { $gt: afterSeq } })
    .sort({ seq: 1 })
    .limit(limit)
    .toArray();
}
