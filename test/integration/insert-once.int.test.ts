import { describe, expect, it } from 'vitest';

import { connectStore } from '../../src/store/mongo.js';
import { insertOnce, isDuplicateKey } from '../../src/store/insert-once.js';
import { useTestDb } from '../helpers/test-db.js';

const t = useTestDb('insert_once');

interface Claim {
  _id: string;
  owner: string;
  slot?: number;
}

describe('insertOnce (real server)', () => {
  it('inserts once and reports the second insert of a key as lost, keeping the first document', async () => {
    const col = t.db.collection<Claim>('claims_seq');
    expect(await insertOnce(col, { _id: 'k', owner: 'first' })).toBe(true);
    expect(await insertOnce(col, { _id: 'k', owner: 'second' })).toBe(false);
    expect(await col.find().toArray()).toEqual([{ _id: 'k', owner: 'first' }]);
  });

  it('lets exactly one of many racing writers win a key', async () => {
    const col = t.db.collection<Claim>('claims_race');
    const won = await Promise.all(Array.from({ length: 12 }, (_, i) => insertOnce(col, { _id: 'lease#1', owner: `w${i}` })));
    expect(won.filter(Boolean)).toHaveLength(1);
    const stored = await col.findOne({ _id: 'lease#1' });
    expect(stored?.owner).toBe(`w${won.indexOf(true)}`);
  });

  it('reads a unique secondary index collision as lost too', async () => {
    const col = t.db.collection<Claim>('claims_unique');
    await col.createIndex({ slot: 1 }, { unique: true, name: 'slot_unique' });
    expect(await insertOnce(col, { _id: 'a', owner: 'x', slot: 7 })).toBe(true);
    expect(await insertOnce(col, { _id: 'b', owner: 'y', slot: 7 })).toBe(false);
    expect(await col.countDocuments()).toBe(1);
  });

  it('throws any other error instead of reading it as a lost race', async () => {
    const conn = await connectStore(t.uri, t.name);
    await conn.close();
    const err = await insertOnce(conn.db.collection<Claim>('claims_closed'), { _id: 'k', owner: 'z' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(isDuplicateKey(err)).toBe(false);
  });

  it('isDuplicateKey names only code 11000', () => {
    expect(isDuplicateKey({ code: 11000 })).toBe(true);
    expect(isDuplicateKey({ code: 11001 })).toBe(false);
    expect(isDuplicateKey(new Error('E11000 duplicate key'))).toBe(false);
    expect(isDuplicateKey(null)).toBe(false);
  });
});
