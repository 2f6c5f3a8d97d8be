/**
 * The server contract: exactly the MongoDB operations the project relies on
 * (docs/mongodb-subset.md). It runs against the embedded FerretDB by default and against
 * any MONGODB_URI, so the same code keeps working on real MongoDB 6-8.
 */
import { Binary } from 'mongodb';
import { describe, expect, it } from 'vitest';

import { connectStore } from '../../src/store/mongo.js';
import { useTestDb } from '../helpers/test-db.js';

const t = useTestDb('contract');

describe('server contract', () => {
  it('answers ping and creates and lists collections', async () => {
    expect((await t.db.command({ ping: 1 })).ok).toBe(1);
    await t.db.createCollection('c_list');
    const names = (await t.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(names).toContain('c_list');
  });

  it('creates named single, compound and unique indexes and lists them', async () => {
    const col = t.db.collection('c_idx');
    await col.createIndexes([
      { key: { a: 1 }, name: 'a_1' },
      { key: { a: 1, b: -1 }, name: 'a_b', unique: true },
    ]);
    const idx = await col.indexes();
    expect(idx.map((i) => i.name).sort()).toEqual(['_id_', 'a_1', 'a_b']);
    expect(idx.find((i) => i.name === 'a_b')?.unique).toBe(true);
  });

  it('rejects duplicate _id and duplicate unique keys with code 11000', async () => {
    const col = t.db.collection<{ _id: string; a: number; b: number }>('c_dup');
    await col.createIndexes([{ key: { a: 1, b: 1 }, name: 'ab', unique: true }]);
    await col.insertOne({ _id: 'x', a: 1, b: 1 });
    await expect(col.insertOne({ _id: 'x', a: 2, b: 2 })).rejects.toMatchObject({ code: 11000 });
    await expect(col.insertOne({ _id: 'y', a: 1, b: 1 })).rejects.toMatchObject({ code: 11000 });
    await col.insertOne({ _id: 'z', a: 1, b: 2 });
    expect(await col.countDocuments()).toBe(2);
  });

  it('lets exactly one of many concurrent inserts of one _id win (our only mutex)', async () => {
    const conns = await Promise.all([0, 1, 2, 3].map(() => connectStore(t.uri, t.name)));
    try {
      for (let round = 0; round < 10; round++) {
        const results = await Promise.allSettled(
          conns.flatMap((c) => [0, 1].map(() => c.db.collection('c_mutex').insertOne({ _id: `k${round}` as never }))),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      }
    } finally {
      await Promise.all(conns.map((c) => c.close()));
    }
  });

  it('finds with $gt/$lt/$in/$exists, dotted paths, projection, sort and limit', async () => {
    const col = t.db.collection<{ _id: number; s: { code: string }; at: Date; tag?: string }>('c_find');
    const base = Date.UTC(2026, 0, 1);
    await col.insertMany(
      Array.from({ length: 10 }, (_, i) => ({
        _id: i + 1,
        s: { code: i % 2 ? 'open' : 'closed' },
        at: new Date(base + i * 1000),
        ...(i < 3 ? { tag: 't' } : {}),
      })),
    );
    const gt = await col.find({ _id: { $gt: 7 } }).sort({ _id: 1 }).toArray();
    expect(gt.map((d) => d._id)).toEqual([8, 9, 10]);
    const last = await col.find({}, { projection: { _id: 1 } }).sort({ _id: -1 }).limit(1).next();
    expect(last).toEqual({ _id: 10 });
    expect(await col.countDocuments({ 's.code': 'open' })).toBe(5);
    expect(await col.countDocuments({ _id: { $in: [1, 2, 99] } })).toBe(2);
    expect(await col.countDocuments({ tag: { $exists: true } })).toBe(3);
    expect(await col.countDocuments({ at: { $lt: new Date(base + 2500) } })).toBe(3);
  });

  it('updates with $set, $max, $inc, $unset and upsert', async () => {
    const col = t.db.collection<{ _id: string; n?: number; at?: Date; nested?: { a: number }; gone?: number }>('c_upd');
    await col.insertOne({ _id: 'u', n: 1, at: new Date(1000), gone: 1 });
    const res = await col.updateOne(
      { _id: 'u' },
      { $set: { nested: { a: 2 } }, $max: { at: new Date(500) }, $inc: { n: 2 }, $unset: { gone: '' } },
    );
    expect(res.matchedCount).toBe(1);
    expect(await col.findOne({ _id: 'u' })).toEqual({ _id: 'u', n: 3, at: new Date(1000), nested: { a: 2 } });
    await col.updateOne({ _id: 'u' }, { $max: { at: new Date(2000) } });
    expect((await col.findOne({ _id: 'u' }))?.at).toEqual(new Date(2000));
    await col.updateOne({ _id: 'new' }, { $max: { n: 5 }, $set: { at: new Date(1) } }, { upsert: true });
    expect(await col.findOne({ _id: 'new' })).toEqual({ _id: 'new', n: 5, at: new Date(1) });
    const none = await col.updateOne({ _id: 'missing' }, { $set: { n: 1 } });
    expect(none.matchedCount).toBe(0);
  });

  it('round-trips binary data, dates, nulls and arrays of documents', async () => {
    const col = t.db.collection('c_types');
    const bytes = new Uint8Array([0, 1, 0xfe, 0xff, 0x80]);
    const doc = { _id: 'b', bin: new Binary(bytes), when: new Date('2026-01-02T03:04:05.678Z'), none: null, arr: [{ a: 1, b: [2] }] };
    await col.insertOne(doc as never);
    const back = await col.findOne({ _id: 'b' as never });
    expect(Array.from((back?.bin as Binary).buffer)).toEqual(Array.from(bytes));
    expect(back?.when).toEqual(doc.when);
    expect(back?.none).toBeNull();
    expect(back?.arr).toEqual(doc.arr);
  });

  it('deletes one document and aggregates with $match, $group $sum and $count', async () => {
    const col = t.db.collection<{ _id: number; src: string }>('c_agg');
    await col.insertMany([1, 2, 3, 4, 5].map((i) => ({ _id: i, src: i <= 3 ? 'a' : 'b' })));
    expect((await col.deleteOne({ _id: 5 })).deletedCount).toBe(1);
    const grouped = await col
      .aggregate<{ _id: string; n: number }>([{ $match: { _id: { $gte: 1 } } }, { $group: { _id: '$src', n: { $sum: 1 } } }, { $sort: { _id: 1 } }])
      .toArray();
    expect(grouped).toEqual([{ _id: 'a', n: 3 }, { _id: 'b', n: 1 }]);
    const [counted] = await col.aggregate<{ total: number }>([{ $match: { src: 'a' } }, { $count: 'total' }]).toArray();
    expect(counted?.total).toBe(3);
  });
});
