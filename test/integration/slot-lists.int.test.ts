import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';

import { SlotLists, type SlotDoc } from '../../src/store/case-chains.js';
import { SlotHints } from '../../src/store/slot-hints.js';
import { useTestDb } from '../helpers/test-db.js';

const t = useTestDb('slot_lists');
const keys = (n: number): string[] => Array.from({ length: n }, (_, i) => `b${i}:k`);

/** The `_id`s of a collection's documents, sorted. */
async function ids(name: string): Promise<string[]> {
  return (await t.db.collection<SlotDoc>(name).find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id).sort();
}

describe('SlotLists (real server)', () => {
  it('returns what each appender finds below its slot, and appending a value twice is a no-op', async () => {
    const lists = new SlotLists(t.db.collection<SlotDoc>('lists_plain'));
    expect(await lists.append(['x', 'y'], 'm1', 8)).toEqual(new Map([['x', []], ['y', []]]));
    expect(await lists.append(['x'], 'm2', 8)).toEqual(new Map([['x', ['m1']]]));
    expect(await lists.append(['x', 'y'], 'm1', 8)).toEqual(new Map([['x', []], ['y', []]]));
    expect(await lists.list('x', 8)).toEqual(['m1', 'm2']);
    expect(await lists.append(['x'], 'm3', 2)).toEqual(new Map([['x', ['m1', 'm2']]]));
    expect(await lists.list('x', 8)).toEqual(['m1', 'm2']);
  });

  it('with hints, appends to many filled lists in one insert that collides with nothing', async () => {
    const client = new MongoClient(t.uri, { monitorCommands: true });
    const inserts: number[] = [];
    client.on('commandSucceeded', (e) => {
      if (e.commandName === 'insert') inserts.push(Number((e.reply as { n?: number }).n ?? -1));
    });
    try {
      const col = client.db(t.name).collection<SlotDoc>('lists_hinted');
      const lists = new SlotLists(col, new SlotHints(12));
      await lists.append(keys(40), 'm1', 32);
      await lists.append(keys(40), 'm2', 32);
      inserts.length = 0;
      const seen = await lists.append(keys(40), 'm3', 32);
      // One batch of 40 documents, all inserted: no duplicate key sent the server into
      // its one-transaction-per-document fallback.
      expect(inserts).toEqual([40]);
      expect([...seen.values()].every((v) => v.join() === 'm1,m2')).toBe(true);
      expect(await lists.list('b7:k', 32)).toEqual(['m1', 'm2', 'm3']);
    } finally {
      await client.close();
    }
  });

  it('a hint that is too high leaves no gap: the insert goes to the first empty slot', async () => {
    const name = 'lists_high_hint';
    const hints = new SlotHints(4);
    const lists = new SlotLists(t.db.collection<SlotDoc>(name), hints);
    await lists.append(['k'], 'm1', 32);
    hints.raise('k', 9);
    expect(await lists.append(['k'], 'm2', 32)).toEqual(new Map([['k', ['m1']]]));
    expect(await ids(name)).toEqual(['k#0', 'k#1']);
  });

  it('a hint that is too low (another process appended) still finds every entry below', async () => {
    const col = t.db.collection<SlotDoc>('lists_low_hint');
    const ours = new SlotLists(col, new SlotHints(4));
    const theirs = new SlotLists(col, new SlotHints(4));
    await ours.append(['k', 'j'], 'm1', 32);
    await theirs.append(['k'], 'm2', 32);
    await theirs.append(['k'], 'm3', 32);
    expect(await ours.append(['k', 'j'], 'm4', 32)).toEqual(new Map([['k', ['m1', 'm2', 'm3']], ['j', ['m1']]]));
    expect(await ours.list('k', 32)).toEqual(['m1', 'm2', 'm3', 'm4']);
  });

  it('of concurrent appenders with their own hints, each later slot saw every earlier one', async () => {
    const col = t.db.collection<SlotDoc>('lists_race');
    const warm = new SlotLists(col, new SlotHints(6));
    await warm.append(keys(6), 'm0', 32);
    // Half the appenders know slot 0 is filled (they read it), half learn it by colliding.
    const hintsFor = (i: number): SlotHints | null => {
      if (i % 2 === 0) return null;
      const hints = new SlotHints(6);
      for (const k of keys(6)) hints.raise(k, 1);
      return hints;
    };
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => new SlotLists(col, hintsFor(i)).append(keys(6), `w${i}`, 32)));
    const list = await warm.list('b3:k', 32);
    expect(list).toHaveLength(7);
    for (const [i, seen] of results.entries()) {
      const below = list.slice(0, list.indexOf(`w${i}`));
      expect(seen.get('b3:k')).toEqual(below);
    }
  });
});
