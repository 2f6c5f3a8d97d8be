import { MongoClient } from 'mongodb';
import { describe, expect, it, beforeAll } from 'vitest';

import { FixedClock } from '../../src/shared/clock.js';
import { CriticalError, ParseError, RecordValidationError } from '../../src/shared/errors.js';
import { DeadLetterRepository } from '../../src/store/dead-letters.js';
import { appendEvent, appendEvents, readEventsAfter, sequenceUnevented } from '../../src/store/event-log.js';
import { MessageRepository } from '../../src/store/message-repository.js';
import { connectStore, ensureSchema } from '../../src/store/mongo.js';
import { Collections, type EventRecord, type MessageRecord } from '../../src/store/schemas.js';
import { makeMessage } from '../helpers/messages.js';
import { useTestDb } from '../helpers/test-db.js';

const t = useTestDb('store');
const clock = new FixedClock(new Date('2026-06-02T00:00:00Z'));

async function allEvents(): Promise<EventRecord[]> {
  return t.db.collection<EventRecord>(Collections.events).find().sort({ seq: 1 }).toArray();
}

function expectGapFree(events: EventRecord[]): void {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(events.map((e) => e._id)).toEqual(events.map((e) => String(e.seq).padStart(20, '0')));
}

describe('store schema', () => {
  beforeAll(async () => {
    await ensureSchema(t.db);
  });

  it('creates collections and indexes idempotently', async () => {
    await ensureSchema(t.db);
    const indexes = await t.db.collection(Collections.messages).indexes();
    const natural = indexes.find((i) => i.name === 'natural_key');
    expect(natural?.unique).toBe(true);
    const eventIdx = await t.db.collection(Collections.events).indexes();
    expect(eventIdx.find((i) => i.name === 'event_key')?.unique).toBe(true);
  });

  it('refuses a database written by a newer schema version', async () => {
    const other = t.db.client.db(`${t.name}_newer`);
    await other.collection(Collections.meta).insertOne({ _id: 'schema' as never, version: 999 });
    await expect(ensureSchema(other)).rejects.toBeInstanceOf(CriticalError);
    await other.dropDatabase();
  });
});

describe('message write path', () => {
  it('inserts, then treats identical content as unchanged and only moves lastSeenAt', async () => {
    const repo = new MessageRepository(t.db, clock);
    const first = await repo.upsert(makeMessage({ externalId: 'a1' }));
    expect(first).toMatchObject({ outcome: 'inserted', version: 1 });
    clock.advance(60_000);
    const again = await repo.upsert(makeMessage({ externalId: 'a1', views: 99 }));
    expect(again).toMatchObject({ outcome: 'unchanged', version: 1 });
    const doc = await repo.get('test-board', 'a1');
    expect(doc?.lastSeenAt.getTime()).toBe(clock.now().getTime());
    expect(doc?.lastChangedAt.getTime()).toBe(clock.now().getTime() - 60_000);
    expect(doc?.views).toBe(99);
    const events = (await allEvents()).filter((e) => e.entityId === 'test-board:a1');
    expect(events.map((e) => e.type)).toEqual(['message.created']);
  });

  it('stores a message new to the store without reading its document back', async () => {
    const client = new MongoClient(t.uri, { monitorCommands: true });
    const messageReads: unknown[] = [];
    const versionReads: unknown[] = [];
    client.on('commandStarted', (e) => {
      const command = e.command as { find?: string; filter?: unknown };
      if (command.find === Collections.messages) messageReads.push(command.filter);
      if (command.find === Collections.messageVersions) versionReads.push(command.filter);
    });
    try {
      const repo = new MessageRepository(client.db(t.name), clock);
      expect(await repo.upsert(makeMessage({ externalId: 'fresh1' }))).toMatchObject({ outcome: 'inserted', version: 1 });
      // One read before the version is claimed; the insert of the document is not checked
      // again (sync read it twice more: its state before writing, and after).
      expect(messageReads).toHaveLength(1);
      // No document, so no version is looked for: the claim of version 1 is the probe.
      expect(versionReads).toHaveLength(0);
      const doc = await repo.get('test-board', 'fresh1');
      expect(doc).toMatchObject({ version: 1, externalId: 'fresh1' });
      expect(doc?.firstSeenAt.getTime()).toBe(clock.now().getTime());
    } finally {
      await client.close();
    }
  });

  it('stores a first sighting with no read before the claim of version 1', async () => {
    const client = new MongoClient(t.uri, { monitorCommands: true });
    const reads: string[] = [];
    client.on('commandStarted', (e) => {
      const command = e.command as { find?: string };
      if (command.find === Collections.messages || command.find === Collections.messageVersions) reads.push(command.find);
    });
    try {
      const repo = new MessageRepository(client.db(t.name), clock);
      expect(await repo.upsert(makeMessage({ externalId: 'first1' }), { firstSighting: true })).toMatchObject({ outcome: 'inserted', version: 1 });
      expect(reads).toEqual([]);
      expect(await repo.get('test-board', 'first1')).toMatchObject({ version: 1, externalId: 'first1' });
    } finally {
      await client.close();
    }
  });

  it('stores a "first sighting" of a stored message as usual: its claim fails, the marker it left is swept', async () => {
    const repo = new MessageRepository(t.db, clock);
    const m = makeMessage({ externalId: 'seen-before', body: '原来的正文。' });
    expect(await repo.upsert(m)).toMatchObject({ outcome: 'inserted', version: 1 });
    // Its task's first fetch stored it and stopped before finishing the task; the retry is taken for a first sighting.
    expect(await repo.upsert(m, { firstSighting: true })).toMatchObject({ outcome: 'unchanged', version: 1 });
    expect(await repo.upsert({ ...m, body: '改过的正文。' }, { firstSighting: true })).toMatchObject({ outcome: 'updated', version: 2 });
    expect((await repo.history('test-board', 'seen-before')).map((v) => v.version)).toEqual([1, 2]);
    expect(await repo.get('test-board', 'seen-before')).toMatchObject({ version: 2, body: '改过的正文。' });
    // The failed claims of version 1 wrote a crash marker for it again; the sweep drops it and logs nothing twice.
    const marker = { _id: 'test-board:seen-before@1' } as never;
    expect(await t.db.collection(Collections.unevented).countDocuments(marker)).toBe(1);
    await sequenceUnevented(t.db, clock);
    expect(await t.db.collection(Collections.unevented).countDocuments(marker)).toBe(0);
    const events = (await allEvents()).filter((e) => e.entityId === 'test-board:seen-before');
    expect(events.map((e) => `${e.type}@${e.version}`)).toEqual(['message.created@1', 'message.changed@2']);
    expectGapFree(await allEvents());
  });

  it('finds a version stored without its document (its writer stopped in between) and completes it', async () => {
    const repo = new MessageRepository(t.db, clock);
    const m = makeMessage({ externalId: 'orphan', body: '第一版的正文。' });
    await repo.upsert(m, { logEvent: false });
    // As if the writer had stopped after the version insert, before the document's.
    await t.db.collection(Collections.messages).deleteOne({ _id: 'test-board:orphan' } as never);
    // The same content again: version 1 is found, not claimed twice, and its document and event written.
    expect(await repo.upsert(m)).toMatchObject({ outcome: 'unchanged', version: 1 });
    expect(await repo.get('test-board', 'orphan')).toMatchObject({ version: 1, body: '第一版的正文。' });
    expect((await repo.history('test-board', 'orphan')).map((v) => v.version)).toEqual([1]);
    const events = (await allEvents()).filter((e) => e.entityId === 'test-board:orphan');
    expect(events.map((e) => e.type)).toEqual(['message.created']);
    // Other content, same situation: it becomes version 2, after version 1's event.
    const n = makeMessage({ externalId: 'orphan2', body: '第一版的正文。' });
    await repo.upsert(n, { logEvent: false });
    await t.db.collection(Collections.messages).deleteOne({ _id: 'test-board:orphan2' } as never);
    expect(await repo.upsert({ ...n, body: '第二版的正文。' })).toMatchObject({ outcome: 'updated', version: 2 });
    expect(await repo.get('test-board', 'orphan2')).toMatchObject({ version: 2, body: '第二版的正文。' });
    const later = (await allEvents()).filter((e) => e.entityId === 'test-board:orphan2');
    expect(later.map((e) => e.type)).toEqual(['message.created', 'message.changed']);
    expectGapFree(await allEvents());
  });

  it('bumps the version and logs which fields changed', async () => {
    const repo = new MessageRepository(t.db, clock);
    await repo.upsert(makeMessage({ externalId: 'a2' }));
    clock.advance(1000);
    const reply = { org: '某区住建局', body: '已安排维修。', at: clock.now() };
    const res = await repo.upsert(
      makeMessage({ externalId: 'a2', status: { code: 'replied', raw: '已办理' }, replies: [reply] }),
    );
    expect(res).toMatchObject({ outcome: 'updated', version: 2 });
    expect(res.changedFields.sort()).toEqual(['replies', 'status']);
    const doc = await repo.get('test-board', 'a2');
    expect(doc?.version).toBe(2);
    expect(doc?.status.code).toBe('replied');
    const history = await repo.history('test-board', 'a2');
    expect(history.map((h) => [h.version, h.status.code, h.evented])).toEqual([
      [1, 'pending', true],
      [2, 'replied', true],
    ]);
    expect(doc?.lastChangedAt.getTime()).toBe(clock.now().getTime());
    const events = (await allEvents()).filter((e) => e.entityId === 'test-board:a2');
    expect(events.map((e) => [e.type, e.version])).toEqual([
      ['message.created', 1],
      ['message.changed', 2],
    ]);
    expectGapFree(await allEvents());
  });

  it('rejects an invalid record with a validation error and writes nothing', async () => {
    const repo = new MessageRepository(t.db, clock);
    const bad = makeMessage({ externalId: 'bad', title: 42 as unknown as string });
    await expect(repo.upsert(bad)).rejects.toBeInstanceOf(RecordValidationError);
    expect(await repo.get('test-board', 'bad')).toBeNull();
  });

  it('rewrites operator-like keys from scraped data', async () => {
    const repo = new MessageRepository(t.db, clock);
    await repo.upsert(makeMessage({ externalId: 'inj', extra: { $where: '1', 'a.b': 2 } }));
    const doc = await repo.get('test-board', 'inj');
    expect(doc?.extra).toEqual({ _where: '1', a_b: 2 });
  });
});

describe('events under concurrency and crashes', () => {
  it('keeps one record and a gap-free log with concurrent writers on separate connections', async () => {
    const conns = await Promise.all([0, 1, 2].map(() => connectStore(t.uri, t.name)));
    try {
      const repos = conns.map((c) => new MessageRepository(c.db, clock));
      const bodies = ['版本一', '版本二', '版本三', '版本一'];
      const writes = Array.from({ length: 24 }, (_, i) =>
        repos[i % 3]!.upsert(makeMessage({ externalId: 'race', body: bodies[i % bodies.length]! })),
      );
      const results = await Promise.all(writes);
      const count = await t.db.collection(Collections.messages).countDocuments({ externalId: 'race' });
      expect(count).toBe(1);
      const doc = await t.db.collection<MessageRecord>(Collections.messages).findOne({ externalId: 'race' });
      const history = await new MessageRepository(t.db, clock).history('test-board', 'race');
      // The document shows the newest version, and versions are numbered without holes.
      expect(doc?.version).toBe(history.length);
      expect(doc?.contentHash).toBe(history.at(-1)?.contentHash);
      expect(history.map((h) => h.version)).toEqual(history.map((_, i) => i + 1));
      const mine = (await allEvents()).filter((e) => e.entityId === 'test-board:race');
      // Every version has exactly one event and the versions run 1..N.
      expect(mine.map((e) => e.version)).toEqual(Array.from({ length: doc!.version }, (_, i) => i + 1));
      expect(results.filter((r) => r.outcome === 'inserted')).toHaveLength(1);
      expectGapFree(await allEvents());
    } finally {
      await Promise.all(conns.map((c) => c.close()));
    }
  });

  it('keeps seq gap-free when many messages are written at once by several clients', async () => {
    const conns = await Promise.all([0, 1, 2, 3].map(() => connectStore(t.uri, t.name)));
    try {
      const before = (await allEvents()).length;
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          new MessageRepository(conns[i % 4]!.db, clock).upsert(makeMessage({ externalId: `bulk-${i}` })),
        ),
      );
      const events = await allEvents();
      expect(events.length).toBe(before + 40);
      expectGapFree(events);
    } finally {
      await Promise.all(conns.map((c) => c.close()));
    }
  });

  it('recovers events a crashed writer left pending, exactly once', async () => {
    const repo = new MessageRepository(t.db, clock);
    await repo.upsert(makeMessage({ externalId: 'crash' }), { logEvent: false });
    expect((await repo.history('test-board', 'crash'))[0]?.evented).toBe(false);
    expect((await allEvents()).some((e) => e.entityId === 'test-board:crash')).toBe(false);
    expect(await sequenceUnevented(t.db, clock)).toBeGreaterThanOrEqual(1);
    expect(await sequenceUnevented(t.db, clock)).toBe(0);
    expect((await repo.history('test-board', 'crash'))[0]?.evented).toBe(true);
    expect((await allEvents()).filter((e) => e.entityId === 'test-board:crash')).toHaveLength(1);
    expectGapFree(await allEvents());
  });

  it('does not log an event twice when a crash hit between the log insert and the pull', async () => {
    const repo = new MessageRepository(t.db, clock);
    await repo.upsert(makeMessage({ externalId: 'half' }), { logEvent: false });
    const events = t.db.collection<EventRecord>(Collections.events);
    const seq = await appendEvent(events, {
      key: 'test-board:half:1',
      type: 'message.created',
      entity: 'message',
      entityId: 'test-board:half',
      source: 'test-board',
      version: 1,
      changedFields: [],
      occurredAt: clock.now(),
      sequencedAt: clock.now(),
    });
    await sequenceUnevented(t.db, clock);
    const mine = (await allEvents()).filter((e) => e.entityId === 'test-board:half');
    expect(mine.map((e) => e.seq)).toEqual([seq]);
    expect((await repo.history('test-board', 'half'))[0]?.evented).toBe(true);
  });

  it("leaves a new message's event to the caller when asked, and to the sweep if the caller stops first", async () => {
    const repo = new MessageRepository(t.db, clock);
    const res = await repo.upsert(makeMessage({ externalId: 'deferred' }), { deferNewEvent: true });
    expect(res.unlogged?.version).toBe(1);
    expect((await allEvents()).filter((e) => e.entityId === 'test-board:deferred')).toEqual([]);
    await sequenceUnevented(t.db, clock);
    expect((await allEvents()).filter((e) => e.entityId === 'test-board:deferred').map((e) => e.type)).toEqual(['message.created']);
    expectGapFree(await allEvents());
  });

  it('logs a changed message at once, after the first version a caller left unlogged', async () => {
    const repo = new MessageRepository(t.db, clock);
    await repo.upsert(makeMessage({ externalId: 'deferred2' }), { deferNewEvent: true });
    const changed = await repo.upsert(makeMessage({ externalId: 'deferred2', title: '改过的标题' }), { deferNewEvent: true });
    expect(changed.unlogged).toBeUndefined();
    const mine = (await allEvents()).filter((e) => e.entityId === 'test-board:deferred2');
    expect(mine.map((e) => `${e.type}:${e.version}`)).toEqual(['message.created:1', 'message.changed:2']);
    expectGapFree(await allEvents());
  });

  it('lets a poller read every event once by seq', async () => {
    const seen: number[] = [];
    let last = 0;
    for (;;) {
      const batch = await readEventsAfter(t.db, last, 7);
      if (batch.length === 0) break;
      seen.push(...batch.map((e) => e.seq));
      last = batch[batch.length - 1]!.seq;
    }
    expect(seen).toEqual((await allEvents()).map((e) => e.seq));
  });
});

describe('event log appends within one process', () => {
  it('take consecutive seqs one after another: no insert lost to a sibling, no lookup by key', async () => {
    const client = new MongoClient(t.uri, { monitorCommands: true });
    const inserts: number[] = [];
    const byKey: unknown[] = [];
    client.on('commandStarted', (e) => {
      const command = e.command as { insert?: string; find?: string; filter?: { key?: unknown } };
      if (command.insert === Collections.events) inserts.push(e.requestId);
      if (command.find === Collections.events && command.filter?.key !== undefined) byKey.push(command.filter.key);
    });
    try {
      const events = client.db(t.name).collection<EventRecord>(Collections.events);
      const before = (await allEvents()).length;
      const seqs = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          appendEvent(events, {
            key: `test-board:burst${i}:1`,
            type: 'message.created',
            entity: 'message',
            entityId: `test-board:burst${i}`,
            source: 'test-board',
            version: 1,
            changedFields: [],
            occurredAt: clock.now(),
            sequencedAt: clock.now(),
          }),
        ),
      );
      expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => before + i + 1));
      // Racing, the twelve collided on the same seq, retried, and asked by key (a scan on FerretDB).
      expect(inserts).toHaveLength(12);
      expect(byKey).toEqual([]);
      expectGapFree(await allEvents());
    } finally {
      await client.close();
    }
  });
});

describe('event log batch appends', () => {
  const event = (name: string): Omit<EventRecord, '_id' | 'seq'> => ({
    key: `test-board:${name}:1`,
    type: 'message.created',
    entity: 'message',
    entityId: `test-board:${name}`,
    source: 'test-board',
    version: 1,
    changedFields: [],
    occurredAt: clock.now(),
    sequencedAt: clock.now(),
  });

  function watchInserts(client: MongoClient): number[] {
    const sizes: number[] = [];
    client.on('commandStarted', (e) => {
      const command = e.command as { insert?: string; documents?: unknown[] };
      if (command.insert === Collections.events) sizes.push(command.documents?.length ?? 0);
    });
    return sizes;
  }

  it('places several events at consecutive seqs, in order, in one insert', async () => {
    const client = new MongoClient(t.uri, { monitorCommands: true });
    const sizes = watchInserts(client);
    try {
      const events = client.db(t.name).collection<EventRecord>(Collections.events);
      await appendEvent(events, event('batch0'));
      const seqs = await appendEvents(events, [event('batch1'), event('batch2'), event('batch3')]);
      expect(seqs).toEqual([1, 2, 3].map((i) => (seqs[0] ?? 0) + i - 1));
      const logged = await t.db.collection<EventRecord>(Collections.events).find({ _id: { $in: seqs.map((n) => String(n).padStart(20, '0')) } }).sort({ seq: 1 }).toArray();
      expect(logged.map((e) => e.entityId)).toEqual(['test-board:batch1', 'test-board:batch2', 'test-board:batch3']);
      expect(sizes).toEqual([1, 3]);
      expectGapFree(await allEvents());
    } finally {
      await client.close();
    }
  });

  it('appends what the batch could not place one by one: a seq another writer took, a key already logged', async () => {
    const client = new MongoClient(t.uri, { monitorCommands: true });
    const sizes = watchInserts(client);
    try {
      const mine = client.db(t.name).collection<EventRecord>(Collections.events);
      const other = t.db.collection<EventRecord>(Collections.events);
      // This process's hint now points one past the end; another writer takes that seq.
      const last = await appendEvent(mine, event('race0'));
      const taken = await appendEvent(other, event('race-other'));
      expect(taken).toBe(last + 1);
      const seqs = await appendEvents(mine, [event('race1'), event('race2')]);
      expect(seqs).toEqual([last + 2, last + 3]);
      // A batch whose second event is already logged: the first goes in, the second is found,
      // and the third is not placed past the hole the second would leave (the insert is ordered).
      const again = await appendEvents(mine, [event('race3'), event('race2'), event('race4')]);
      expect(again).toEqual([last + 4, last + 3, last + 5]);
      const all = await allEvents();
      expect(all.filter((e) => e.key === 'test-board:race2:1')).toHaveLength(1);
      expect(sizes[0]).toBe(1);
      expect(sizes.slice(1).some((n) => n === 2)).toBe(true);
      expectGapFree(all);
    } finally {
      await client.close();
    }
  });
});

describe('dead letters', () => {
  it('keeps the exact bytes and redacts cookies', async () => {
    const dl = new DeadLetterRepository(t.db, clock);
    const bytes = new Uint8Array([0xc4, 0xe3, 0xba, 0xc3, 0x00, 0xff]);
    await dl.add({
      source: 'test-board',
      url: 'http://127.0.0.1/x',
      kind: 'detail',
      error: new ParseError('Missing p.zoom.content'),
      attempts: 1,
      page: {
        url: 'http://127.0.0.1/x',
        finalUrl: 'http://127.0.0.1/x',
        status: 200,
        headers: { 'content-type': 'text/html', 'set-cookie': 'sid=secret' },
        bytes,
        text: '你好',
        charset: 'gbk',
        fetchedAt: clock.now(),
      },
    });
    const [stored] = await dl.list('test-board');
    expect(stored?.code).toBe('ERR_PARSE_MISSING');
    expect(Array.from(stored!.bytes!)).toEqual(Array.from(bytes));
    expect(stored?.headers['set-cookie']).toBe('[redacted]');
  });
});
