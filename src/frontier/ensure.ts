/** Creates the frontier collections and their indexes (only the missing ones; see mongo.ts). */
import type { Db, IndexDescription } from 'mongodb';

import { ensureCollections } from '../store/mongo.js';
import { Collections, FRONTIER_INDEXES } from './schemas.js';

export async function ensureFrontierSchema(db: Db): Promise<void> {
  await ensureCollections(db, Object.values(Collections));
  for (const [name, indexes] of Object.entries(FRONTIER_INDEXES)) {
    const col = db.collection(name);
    const have = new Set((await col.indexes().catch(() => [])).map((i) => i.name));
    const missing = (indexes as readonly IndexDescription[]).filter((i) => !have.has(i.name));
    if (missing.length > 0) await col.createIndexes([...missing]);
  }
}
