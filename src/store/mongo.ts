/**
 * Client lifecycle and idempotent schema setup (collections, indexes, schema version).
 * Everything here stays inside what both MongoDB 6-8 and FerretDB v1 support; see
 * docs/mongodb-subset.md.
 */
import { MongoClient, type Db, type IndexDescription } from 'mongodb';

import { CriticalError } from '../shared/errors.js';
import { Collections, SCHEMA_VERSION } from './schemas.js';

export interface StoreConnection {
  client: MongoClient;
  db: Db;
  close(): Promise<void>;
}

/** Connects and verifies the server answers a ping. */
export async function connectStore(uri: string, database: string): Promise<StoreConnection> {
  const client = new MongoClient(uri, {
    serverSelectionTimeoutMS: 15_000,
    // Without it an operation whose server died mid-reply can wait forever.
    socketTimeoutMS: 300_000,
    appName: 'wenzheng-pipeline',
  });
  await client.connect();
  const db = client.db(database);
  await db.command({ ping: 1 });
  return { client, db, close: () => client.close() };
}

const INDEXES: Record<string, IndexDescription[]> = {
  [Collections.messages]: [
    { key: { source: 1, externalId: 1 }, name: 'natural_key', unique: true },
    { key: { source: 1, postedAt: -1 }, name: 'source_postedAt' },
    { key: { 'status.code': 1, lastChangedAt: -1 }, name: 'status_lastChanged' },
    { key: { lastChangedAt: -1 }, name: 'lastChangedAt' },
  ],
  [Collections.messageVersions]: [
    { key: { messageId: 1, version: -1 }, name: 'message_version', unique: true },
    { key: { evented: 1 }, name: 'evented' },
  ],
  [Collections.events]: [
    { key: { seq: 1 }, name: 'seq', unique: true },
    { key: { key: 1 }, name: 'event_key', unique: true },
    { key: { entityId: 1, version: 1 }, name: 'entity_version' },
  ],
  [Collections.deadLetters]: [
    { key: { source: 1, at: -1 }, name: 'source_at' },
    { key: { code: 1, at: -1 }, name: 'code_at' },
  ],
  [Collections.runs]: [{ key: { source: 1, startedAt: -1 }, name: 'source_startedAt' }],
};

/**
 * Creates the named collections that do not exist yet. Every collection is created up front,
 * not by a first insert in the middle of a run: FerretDB v1 killed while implicitly creating
 * a collection can come back with the SQLite table but not its metadata, and then fails every
 * write to it ("table … already exists").
 */
export async function ensureCollections(db: Db, names: readonly string[]): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const name of names) {
    if (existing.has(name)) continue;
    try {
      await db.createCollection(name);
    } catch (err) {
      // Another process created it between our list and create: that is fine.
      if ((err as { code?: number }).code !== 48) throw err;
    }
  }
}

/** Creates collections and indexes; safe to call on every start. */
export async function ensureSchema(db: Db): Promise<void> {
  await checkSchemaVersion(db);
  await ensureCollections(db, Object.values(Collections));
  for (const [name, indexes] of Object.entries(INDEXES)) {
    // Only missing indexes are created: FerretDB v1 panics on a createIndexes that repeats
    // existing ones, and skipping them is cheaper on MongoDB too.
    const have = new Set((await db.collection(name).indexes()).map((i) => i.name));
    const missing = indexes.filter((i) => !have.has(i.name));
    if (missing.length > 0) await db.collection(name).createIndexes(missing);
  }
  await db
    .collection<{ _id: string; version: number; updatedAt: Date }>(Collections.meta)
    .updateOne(
      { _id: 'schema' },
      { $max: { version: SCHEMA_VERSION }, $set: { updatedAt: new Date() } },
      { upsert: true },
    );
}

/** Refuses to run older code against a database written by a newer schema. */
async function checkSchemaVersion(db: Db): Promise<void> {
  const meta = await db
    .collection<{ _id: string; version: number }>(Collections.meta)
    .findOne({ _id: 'schema' });
  if (meta && meta.version > SCHEMA_VERSION) {
    throw new CriticalError(
      `Database schema version ${meta.version} is newer than this program's ${SCHEMA_VERSION}; upgrade the program`,
      { code: 'ERR_SCHEMA_VERSION' },
    );
  }
}
