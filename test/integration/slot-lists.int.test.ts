import { MongoClient, type Collection } from 'mongodb';
import { describe, expect, it } from 'vitest';

import { SlotLists, type SlotDoc } from '../../src/store/case-chains.js';
import { ListContents, SlotHints } from '../../src/store/slot-hints.js';
import { useTestDb } from '../helpers/test-db.js';

const t = useTestDb('slot_lists');
const keys = (n: number): string[] => Array.from({ length: n }, (_, i) => `b${i}:k`);

/** The `_id`s of a collection's documents, sorted. */
async function ids(name: string): Promise<string[]> {
  return (await t.db.collection<SlotDoc>(name).find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id).sort();
}

/** A connection that records its commands as `<name> <collection>`, and the `n` of each insert. */
async function watched(): Promise<{ client: MongoClient; commands: string[]; inserted: number[] }> {
  const client = new MongoClient(t.uri, { monitorCommands: true });
  const commands: string[] = [];
  const inserted: number[] = [];
  client.on('commandStarted', (e) => commands.push(`${e.commandName} ${String((e.command as Record<string, unknown>)[e.commandName])}`));
  client.on('commandSucceeded', (e) => {
    if (e.commandName === 'insert') inserted.push(Number((e.reply as { n?: number }).n ?? -1));
  });
  return { client, commands, inserted };
}

// The list semantics hold in every mode: bare (the case index), with hints, and with hints
// and carried prefixes (the dedup bands).
describe.each([
  { mode: 'bare', carryBelow: false, hinted: false },
  { mode: 'hints', carryBelow: false, hinted: true },
  { mode: 'hints+carry', carryBelow: true, hinted: true },
  { mode: 'hints+carry+contents', carryBelow: true, hinted: true, kept: true },
])('SlotLists, $mode (real server)', ({ mode, carryBelow, hinted, kept }) => {
  const make = (col: Collection<SlotDoc>, hints = new SlotHints(6)): SlotLists =>
    new SlotLists(col, { hints: hinted ? hints : null, carryBelow, contents: kept ? new ListContents(64) : null });
  const col = (name: string): Collection<SlotDoc> => t.db.collection<SlotDoc>(`${name}_${mode.replace(/\+/g, '_')}`);

  it('returns what each appender finds below its slot, and appending a value twice is a no-op', async () => {
    const lists = make(col('plain'));
    expect(await lists.append(['x', 'y'], 'm1', 8)).toEqual(new Map([['x', []], ['y', []]]));
    expect(await lists.append(['x'], 'm2', 8)).toEqual(new Map([['x', ['m1']]]));
    expect(await lists.append(['x'], 'm3', 8)).toEqual(new Map([['x', ['m1', 'm2']]]));
    expect(await lists.append(['x', 'y'], 'm2', 8)).toEqual(new Map([['x', ['m1']], ['y', ['m1']]]));
    expect(await lists.list('x', 8)).toEqual(['m1', 'm2', 'm3']);
    expect(await lists.list('y', 8)).toEqual(['m1', 'm2']);
    expect(await lists.append(['x'], 'm4', 3)).toEqual(new Map([['x', ['m1', 'm2', 'm3']]]));
    expect(await lists.list('x', 8)).toEqual(['m1', 'm2', 'm3']);
  });

  it('a hint that is too high leaves no gap: the insert goes to the first empty slot', async () => {
    const c = col('high_hint');
    const hints = new SlotHints(4);
    const lists = make(c, hints);
    await lists.append(['k'], 'm1', 32);
    hints.raise('k', 9);
    expect(await lists.append(['k'], 'm2', 32)).toEqual(new Map([['k', ['m1']]]));
    expect(await ids(c.collectionName)).toEqual(['k#0', 'k#1']);
  });

  it('a hint that is too low (another process appended) still finds every entry below', async () => {
    const c = col('low_hint');
    const ours = make(c, new SlotHints(4));
    const theirs = make(c, new SlotHints(4));
    await ours.append(['k', 'j'], 'm1', 32);
    await theirs.append(['k'], 'm2', 32);
    await theirs.append(['k'], 'm3', 32);
    expect(await ours.append(['k', 'j'], 'm4', 32)).toEqual(new Map([['k', ['m1', 'm2', 'm3']], ['j', ['m1']]]));
    expect(await ours.list('k', 32)).toEqual(['m1', 'm2', 'm3', 'm4']);
  });

  it('of concurrent appenders, each later slot saw every earlier one', async () => {
    const c = col('race');
    for (let i = 0; i < 10; i++) await make(c).append(keys(6), `m${i}`, 32);
    // Half the appenders know slot 0 is filled, half learn it by colliding.
    const hintsFor = (i: number): SlotHints => {
      const hints = new SlotHints(6);
      if (i % 2 === 1) for (const k of keys(6)) hints.raise(k, 1);
      return hints;
    };
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => make(c, hintsFor(i)).append(keys(6), `w${i}`, 32)));
    const list = await make(c).list('b3:k', 32);
    expect(list).toHaveLength(16);
    for (const [i, seen] of results.entries()) expect(seen.get('b3:k')).toEqual(list.slice(0, list.indexOf(`w${i}`)));
  });
});

describe('SlotLists with hints (real server)', () => {
  it('appends to many filled lists in one insert that collides with nothing', async () => {
    const { client, inserted } = await watched();
    try {
      const lists = new SlotLists(client.db(t.name).collection<SlotDoc>('hinted_batch'), { hints: new SlotHints(12) });
      await lists.append(keys(40), 'm1', 32);
      await lists.append(keys(40), 'm2', 32);
      inserted.length = 0;
      const seen = await lists.append(keys(40), 'm3', 32);
      // One batch of 40 documents, all inserted: no duplicate key sent the server into
      // its one-transaction-per-document fallback.
      expect(inserted).toEqual([40]);
      expect([...seen.values()].every((v) => v.join() === 'm1,m2')).toBe(true);
      expect(await lists.list('b7:k', 32)).toEqual(['m1', 'm2', 'm3']);
    } finally {
      await client.close();
    }
  });

  it('with carried prefixes, reads one document per known list, however long', async () => {
    const { client, commands } = await watched();
    try {
      const lists = new SlotLists(client.db(t.name).collection<SlotDoc>('carry_reads'), { hints: new SlotHints(12), carryBelow: true });
      for (let i = 0; i < 6; i++) await lists.append(['p', 'q'], `m${i}`, 32);
      commands.length = 0;
      const seen = await lists.append(['p', 'q'], 'm6', 32);
      expect(seen.get('p')).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
      expect(seen.get('q')).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
      expect(commands).toEqual(['find carry_reads', 'find carry_reads', 'insert carry_reads']);
    } finally {
      await client.close();
    }
  });

  it('with carried prefixes, a process that knows nothing finds the end of a long list in a few reads', async () => {
    const name = 'carry_cold';
    const writer = new SlotLists(t.db.collection<SlotDoc>(name), { hints: new SlotHints(8), carryBelow: true });
    const values = Array.from({ length: 20 }, (_, i) => `m${i}`);
    for (const m of values) await writer.append(['k'], m, 32);
    const { client, commands } = await watched();
    try {
      const cold = new SlotLists(client.db(t.name).collection<SlotDoc>(name), { hints: new SlotHints(8), carryBelow: true });
      expect(await cold.append(['k'], 'new', 32)).toEqual(new Map([['k', values]]));
      // One failed insert at slot 0, its read, galloping and bisecting probes, one insert;
      // walking the list would take a failed insert and a read for each of the 20 slots.
      expect(commands.length).toBeLessThanOrEqual(14);
      expect(commands.filter((c) => c.startsWith('insert'))).toHaveLength(2);
    } finally {
      await client.close();
    }
    expect(await writer.list('k', 32)).toEqual([...values, 'new']);
  });

  it('with kept contents, appends to a list it appended to without reading it, and meets what another process added by the insert', async () => {
    const name = 'kept_contents';
    const other = new SlotLists(t.db.collection<SlotDoc>(name), { hints: new SlotHints(8), carryBelow: true });
    const { client, commands } = await watched();
    try {
      const contents = new ListContents(16);
      const mine = new SlotLists(client.db(t.name).collection<SlotDoc>(name), { hints: new SlotHints(8), carryBelow: true, contents });
      await mine.append(['k', 'j'], 'm1', 32);
      commands.length = 0;
      expect(await mine.append(['k', 'j'], 'm2', 32)).toEqual(new Map([['k', ['m1']], ['j', ['m1']]]));
      // Both lists known: one insert, nothing read (with hints alone, a read per list).
      expect(commands).toEqual([`insert ${name}`]);
      await other.append(['k'], 'x1', 32);
      commands.length = 0;
      // Another process took the slot after the ones kept: the insert meets it, and the rest is read.
      expect(await mine.append(['k'], 'm3', 32)).toEqual(new Map([['k', ['m1', 'm2', 'x1']]]));
      expect(commands.filter((c) => c.startsWith('find')).length).toBeGreaterThan(0);
      commands.length = 0;
      expect(await mine.append(['k'], 'm4', 32)).toEqual(new Map([['k', ['m1', 'm2', 'x1', 'm3']]]));
      expect(commands).toEqual([`insert ${name}`]);
      // A value the kept list holds is not appended again.
      expect(await mine.append(['k'], 'm2', 32)).toEqual(new Map([['k', ['m1']]]));
    } finally {
      await client.close();
    }
    expect(await other.list('k', 32)).toEqual(['m1', 'm2', 'x1', 'm3', 'm4']);
  });

  it('with carried prefixes, reads lists written without them slot by slot', async () => {
    const c = t.db.collection<SlotDoc>('carry_legacy');
    const old = new SlotLists(c);
    for (const m of ['m0', 'm1', 'm2']) await old.append(['k'], m, 32);
    const hints = new SlotHints(4);
    hints.raise('k', 3);
    const lists = new SlotLists(c, { hints, carryBelow: true });
    expect(await lists.append(['k'], 'm3', 32)).toEqual(new Map([['k', ['m0', 'm1', 'm2']]]));
    expect(await lists.append(['k'], 'm4', 32)).toEqual(new Map([['k', ['m0', 'm1', 'm2', 'm3']]]));
    expect((await c.findOne({ _id: 'k#4' }))?.below).toEqual(['m0', 'm1', 'm2', 'm3']);
  });
});
