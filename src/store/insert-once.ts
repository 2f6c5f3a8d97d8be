/**
 * Insert-once: the store's one way of claiming something between processes. FerretDB v1 has
 * no transactions, so a lease, a case member, a queue slot or a sequence number is claimed by
 * inserting a document under a key that can exist once; the unique `_id` index decides the
 * race, and MongoDB's duplicate-key error (11000) tells the loser that someone else has it.
 * Every such site reads that error here, so no other error can be mistaken for a lost race.
 */
import type { Collection, Document, OptionalUnlessRequiredId } from 'mongodb';

/** MongoDB's (and FerretDB's) duplicate-key error code. */
export const DUPLICATE_KEY = 11000;

/** The error of a write that lost a race on a unique key (an insert, or two first upserts). */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === DUPLICATE_KEY;
}

/**
 * Inserts `doc`: true if this call inserted it, false if a document with its key exists
 * (another writer, or an earlier attempt of this one, got there first). Any other error is
 * thrown.
 */
export async function insertOnce<T extends Document>(col: Collection<T>, doc: OptionalUnlessRequiredId<T>): Promise<boolean> {
  try {
    await col.insertOne(doc);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/**
 * The indexes of the documents of a batch insert of `count` that failed with a duplicate key,
 * or null when any failed otherwise.
 */
export function duplicateIndexes(err: unknown, count: number): number[] | null {
  const e = err as { code?: number; writeErrors?: unknown };
  const raw = e.writeErrors;
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Array<{ code?: number; index?: number; err?: { code?: number; index?: number } }>;
  if (list.length === 0) return e.code === DUPLICATE_KEY && count === 1 ? [0] : null;
  const out: number[] = [];
  for (const w of list) {
    const code = w.code ?? w.err?.code;
    const index = w.index ?? w.err?.index;
    if (code !== DUPLICATE_KEY || index === undefined) return null;
    out.push(index);
  }
  return out;
}

/** How many documents an ordered insert of `count` placed before a duplicate key; any other error is thrown. */
export function leadingInserted(err: unknown, count: number): number {
  const failed = duplicateIndexes(err, count);
  if (failed === null || failed.length === 0) throw err;
  return Math.min(...failed);
}
