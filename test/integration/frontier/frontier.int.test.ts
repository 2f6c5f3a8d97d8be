import { MongoClient } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';

import { ensureFrontierSchema } from '../../../src/frontier/ensure.js';
import { ANSWERED_TURN, Frontier, TRUSTED_LEASE_SHARE, type Claim } from '../../../src/frontier/frontier.js';
import { HostSlots, MAX_LATE_FRACTION } from '../../../src/frontier/host-slots.js';
import { CURSOR_REREAD_MS } from '../../../src/frontier/ready-queue.js';
import { FixedClock } from '../../../src/shared/clock.js';
import { connectStore } from '../../../src/store/mongo.js';
import { useTestDb } from '../../helpers/test-db.js';

const t = useTestDb('frontier');
const clock = new FixedClock(new Date('2026-06-01T00:00:00Z'));

beforeAll(async () => {
  await ensureFrontierSchema(t.db);
});

describe('frontier', () => {
  it('adds tasks once and keeps the state of existing ones', async () => {
    const f = new Frontier(t.db, clock, { workerId: 'w1' });
    expect(await f.add('s-add', [{ kind: 'list', path: '/l?p=1' }, { kind: 'list', path: '/l?p=2' }])).toBe(2);
    const claim = await f.claim('s-add');
    await f.complete(claim!);
    expect(await f.add('s-add', [{ kind: 'list', path: '/l?p=1' }, { kind: 'list', path: '/l?p=3' }])).toBe(1);
    expect(await f.counts('s-add')).toEqual({ done: 1, queued: 2 });
  });

  it("adds a list page's tasks with one insert of tasks and one of queue entries, existing ones and repeats left out", async () => {
    const client = new MongoClient(t.uri, { monitorCommands: true });
    const writes: string[] = [];
    client.on('commandStarted', (e) => {
      if (e.commandName === 'insert') writes.push(`${String((e.command as { insert?: string }).insert)} ${(e.command as { documents?: unknown[] }).documents?.length ?? 0}`);
    });
    try {
      const f = new Frontier(client.db(t.name), clock, { workerId: 'w-batch' });
      expect(await f.add('s-batch', [{ kind: 'detail', path: '/d/0' }])).toBe(1);
      writes.length = 0;
      const page = [1, 2, 0, 3, 2, 4].map((i) => ({ kind: 'detail', path: `/d/${i}` }));
      // /d/0 is known and /d/2 is listed twice: four new tasks.
      expect(await f.add('s-batch', page)).toBe(4);
      expect(writes).toEqual(['frontier 6', 'frontier_queue 4']);
      const entries = await t.db.collection<{ _id: string; taskId: string }>('frontier_queue').find({ _id: { $regex: /^s-batch#\d+#\d+$/ } } as never).toArray();
      const slots = entries.map((e) => Number(e._id.split('#')[2])).sort((a, b) => a - b);
      expect(slots).toEqual([1, 2, 3, 4, 5]);
      const paths: string[] = [];
      for (let c = await f.claim('s-batch'); c; c = await f.claim('s-batch')) {
        paths.push(c.task.path);
        await f.complete(c);
      }
      expect(paths).toEqual(['/d/0', '/d/1', '/d/2', '/d/3', '/d/4']);
    } finally {
      await client.close();
    }
  });

  it("places a batch's queue entries after slots another process took, gap-free, each task once", async () => {
    const other = await connectStore(t.uri, t.name);
    try {
      const mine = new Frontier(t.db, clock, { workerId: 'w-mine' });
      const theirs = new Frontier(other.db, clock, { workerId: 'w-theirs' });
      // Each process learns the bucket's first slots, then the other takes the slots after them.
      await mine.add('s-raceb', [{ kind: 'detail', path: '/m/0' }]);
      await theirs.add('s-raceb', [{ kind: 'detail', path: '/t/0' }, { kind: 'detail', path: '/t/1' }]);
      await mine.add('s-raceb', [0, 1, 2].map((i) => ({ kind: 'detail', path: `/m/${i + 1}` })));
      const entries = await t.db.collection<{ _id: string; taskId: string }>('frontier_queue').find({ _id: { $regex: /^s-raceb#\d+#\d+$/ } } as never).toArray();
      expect(entries.map((e) => Number(e._id.split('#')[2])).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(new Set(entries.map((e) => e.taskId)).size).toBe(6);
      const paths: string[] = [];
      for (let c = await mine.claim('s-raceb'); c; c = await mine.claim('s-raceb')) {
        paths.push(c.task.path);
        await mine.complete(c);
      }
      expect(paths.sort()).toEqual(['/m/0', '/m/1', '/m/2', '/m/3', '/t/0', '/t/1']);
    } finally {
      await other.close();
    }
  });

  it('gives each task to exactly one of many concurrent claimers', async () => {
    const conns = await Promise.all([0, 1, 2].map(() => connectStore(t.uri, t.name)));
    try {
      const seed = new Frontier(t.db, clock, { workerId: 'seed' });
      await seed.add('s-race', Array.from({ length: 12 }, (_, i) => ({ kind: 'detail', path: `/d/${i}` })));
      const workers = conns.map((c, i) => new Frontier(c.db, clock, { workerId: `w${i}` }));
      const claimed: string[] = [];
      await Promise.all(
        workers.map(async (w) => {
          for (let c = await w.claim('s-race'); c; c = await w.claim('s-race')) {
            claimed.push(c.task.path);
            await w.complete(c);
          }
        }),
      );
      expect(claimed.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `/d/${i}`).sort());
      expect(await seed.counts('s-race')).toEqual({ done: 12 });
    } finally {
      await Promise.all(conns.map((c) => c.close()));
    }
  });

  it('hands a dead worker\'s task to another after the lease expires, exactly once', async () => {
    const a = new Frontier(t.db, clock, { workerId: 'a', leaseMs: 30_000 });
    const b = new Frontier(t.db, clock, { workerId: 'b', leaseMs: 30_000 });
    await a.add('s-lease', [{ kind: 'detail', path: '/d/1' }]);
    const held = await a.claim('s-lease');
    expect(held).not.toBeNull();
    expect(await b.claim('s-lease')).toBeNull(); // still leased
    clock.advance(31_000); // a "dies": its lease runs out
    const taken = await b.claim('s-lease');
    expect(taken?.lease.gen).toBe(2);
    expect(await a.complete(held!)).toBe(false); // the old holder cannot finish it any more
    expect(await b.complete(taken!)).toBe(true);
    expect(await a.counts('s-lease')).toEqual({ done: 1 });
    expect(await b.claim('s-lease')).toBeNull();
  });

  it('ends a lease by writing its generation into the task: no write to the lease, and the task is claimable at once', async () => {
    const client = new MongoClient(t.uri, { monitorCommands: true });
    const leaseWrites: string[] = [];
    let watching = false;
    client.on('commandStarted', (e) => {
      const coll = String((e.command as Record<string, unknown>)[e.commandName]);
      if (watching && coll === 'leases') leaseWrites.push(e.commandName);
    });
    try {
      const a = new Frontier(client.db(t.name), clock, { workerId: 'a-end' });
      const b = new Frontier(t.db, clock, { workerId: 'b-end' });
      await a.add('s-end', [{ kind: 'detail', path: '/d/1' }]);
      const held = await a.claim('s-end');
      watching = true;
      expect(await a.complete(held!, clock.now())).toBe(true);
      watching = false;
      // No lease command: with more than half its term left nobody can have taken it over.
      expect(leaseWrites).toEqual([]);
      const lease = await t.db.collection<{ _id: string; expiresAt: Date }>('leases').findOne({ _id: `${held!.task._id}#1` });
      expect(lease!.expiresAt.getTime()).toBeGreaterThan(clock.now().getTime());
      // Another worker takes the re-visit now, not after the finished lease expires.
      const next = await b.claim('s-end');
      expect(next?.lease.gen).toBe(2);
      expect(await b.claim('s-end')).toBeNull();
      // A task lost its pointer after such a finish: the idle path re-points it (its lease is over).
      expect(await b.complete(next!, clock.now())).toBe(true);
      await t.db.collection('frontier_queue').deleteMany({ _id: { $regex: '^s-end[#~]' } } as never);
      const restarted = new Frontier(t.db, clock, { workerId: 'c-end' });
      expect(await restarted.claim('s-end')).toBeNull();
      expect(await restarted.repairDue('s-end')).toBe(1);
      expect((await restarted.claim('s-end'))?.lease.gen).toBe(3);
    } finally {
      await client.close();
    }
  });

  it('asks whether a lease was taken over only once less than half its term is left', async () => {
    const client = new MongoClient(t.uri, { monitorCommands: true });
    const leaseFinds: string[] = [];
    client.on('commandStarted', (e) => {
      if (e.commandName === 'find' && (e.command as Record<string, unknown>).find === 'leases') leaseFinds.push(String((e.command as { filter: { _id: string } }).filter._id));
    });
    try {
      const a = new Frontier(client.db(t.name), clock, { workerId: 'a-half', leaseMs: 60_000 });
      await a.add('s-half', [{ kind: 'detail', path: '/d/1' }, { kind: 'detail', path: '/d/2' }]);
      const first = await a.claim('s-half');
      clock.advance(60_000 * (1 - TRUSTED_LEASE_SHARE) - 1_000);
      expect(await a.complete(first!)).toBe(true);
      expect(leaseFinds).toEqual([]);
      const second = await a.claim('s-half');
      clock.advance(60_000 * (1 - TRUSTED_LEASE_SHARE) + 1_000);
      expect(await a.complete(second!)).toBe(true);
      expect(leaseFinds).toEqual([`${second!.task._id}#2`]);
    } finally {
      await client.close();
    }
  });

  it('renews a lease so a slow task is not taken', async () => {
    const a = new Frontier(t.db, clock, { workerId: 'a', leaseMs: 30_000 });
    const b = new Frontier(t.db, clock, { workerId: 'b', leaseMs: 30_000 });
    await a.add('s-renew', [{ kind: 'detail', path: '/d/1' }]);
    const held = await a.claim('s-renew');
    clock.advance(20_000);
    expect(await a.renew(held!)).toBe(true);
    clock.advance(20_000);
    expect(await b.claim('s-renew')).toBeNull();
  });

  it('retries with backoff and moves a task to dead after maxAttempts', async () => {
    const f = new Frontier(t.db, clock, { workerId: 'w' });
    await f.add('s-fail', [{ kind: 'detail', path: '/broken' }]);
    const err = { code: 'ERR_HTTP_5XX', message: 'HTTP 503' };
    let c = await f.claim('s-fail');
    expect(await f.fail(c!, err, new Date(clock.now().getTime() + 5000), 2)).toBe('retry');
    expect(await f.claim('s-fail')).toBeNull(); // not due yet
    clock.advance(5000);
    c = await f.claim('s-fail');
    expect(c?.task.attempts).toBe(1);
    expect(await f.fail(c!, err, clock.now(), 2)).toBe('dead');
    expect(await f.counts('s-fail')).toEqual({ dead: 1 });
  });

  it('re-queues a completed task for a later re-visit', async () => {
    const f = new Frontier(t.db, clock, { workerId: 'w' });
    await f.add('s-revisit', [{ kind: 'detail', path: '/open' }]);
    const c = await f.claim('s-revisit');
    await f.complete(c!, new Date(clock.now().getTime() + 3_600_000));
    expect(await f.claim('s-revisit')).toBeNull();
    clock.advance(3_600_000);
    const again = await f.claim('s-revisit');
    expect(again?.task.visits).toBe(1);
  });

  it('brings a re-visit forward for a status sweep, except one due (or being fetched) or unknown', async () => {
    const f = new Frontier(t.db, clock, { workerId: 'w1' });
    const other = new Frontier(t.db, clock, { workerId: 'w2' });
    await f.add('s-exp', [{ kind: 'detail', path: '/d/1', key: 'k1' }, { kind: 'detail', path: '/d/2', key: 'k2' }, { kind: 'detail', path: '/d/3', key: 'k3' }]);
    const week = new Date(clock.now().getTime() + 7 * 86_400_000);
    // k1 and k2 stored and re-visited in a week; k3 due now.
    for (let i = 0; i < 2; i++) {
      const c = await f.claim('s-exp');
      await f.complete(c!, week);
    }
    expect(await f.claim('s-exp')).toMatchObject({ task: { key: 'k3' } });
    // Being fetched right now: left alone.
    expect(await other.expedite('s-exp', 'k3')).toBe('due');
    expect(await f.expedite('s-exp', 'nope')).toBe('missing');
    expect(await f.expedite('s-exp', 'k1')).toBe('expedited');
    expect(await f.expedite('s-exp', 'k1')).toBe('due');
    // Another worker claims it at once (from the new-work lane).
    const c = await other.claim('s-exp');
    expect(c?.task.key).toBe('k1');
    expect(c?.task.visits).toBe(1);
    // k2 stays where it was.
    expect(await other.claim('s-exp')).toBeNull();
    // A finished task comes back too: its message changed after all.
    await other.complete(c!);
    expect(await f.expedite('s-exp', 'k1')).toBe('expedited');
    expect((await other.claim('s-exp'))?.task.key).toBe('k1');
  });

  describe('tasks this process wrote last', () => {
    /** A Frontier on a client that records the `_id`s of its reads of `frontier`. */
    async function watched(workerId: string) {
      const client = new MongoClient(t.uri, { monitorCommands: true });
      const taskReads: string[] = [];
      client.on('commandStarted', (e) => {
        if (e.commandName === 'find' && (e.command as Record<string, unknown>).find === 'frontier') taskReads.push(JSON.stringify((e.command as { filter: unknown }).filter));
      });
      return { f: new Frontier(client.db(t.name), clock, { workerId }), taskReads, close: () => client.close() };
    }

    it('are claimed without reading them: added ones, and ones queued again by a finish', async () => {
      const a = await watched('a-known');
      try {
        await a.f.add('s-known', [{ kind: 'detail', path: '/d/1' }, { kind: 'detail', path: '/d/2' }]);
        const first = await a.f.claim('s-known');
        const second = await a.f.claim('s-known');
        expect([first?.task.path, second?.task.path].sort()).toEqual(['/d/1', '/d/2']);
        await a.f.complete(first!, clock.now());
        await a.f.fail(second!, { code: 'E', message: 'x' }, clock.now(), 5);
        const again = [await a.f.claim('s-known'), await a.f.claim('s-known')];
        expect(again.map((c) => c?.lease.gen)).toEqual([2, 2]);
        expect(again.map((c) => c?.task.visits + ':' + c?.task.attempts).sort()).toEqual(['0:1', '1:0']);
        expect(a.taskReads).toEqual([]);
      } finally {
        await a.close();
      }
    });

    it('are read when another worker changed them since: its write wins', async () => {
      const a = await watched('a-stale');
      const b = new Frontier(t.db, clock, { workerId: 'b-stale' });
      try {
        await a.f.add('s-stale', [{ kind: 'detail', path: '/d/1' }]);
        // b takes the task and fails it once; a's kept document (attempts 0, gen 0) is stale.
        const held = await b.claim('s-stale');
        await b.fail(held!, { code: 'E', message: 'x' }, clock.now(), 5);
        const c = await a.f.claim('s-stale');
        expect(c?.task.attempts).toBe(1);
        expect(c?.lease.gen).toBe(2);
        expect(a.taskReads.length).toBeGreaterThan(0);
      } finally {
        await a.close();
      }
    });

    it('never make a pointer look stale: a re-visit brought forward by another worker is claimed', async () => {
      const a = await watched('a-fwd');
      const b = new Frontier(t.db, clock, { workerId: 'b-fwd' });
      try {
        await a.f.add('s-fwd', [{ kind: 'detail', path: '/d/1', key: 'k1' }]);
        const c = await a.f.claim('s-fwd');
        // a keeps it as due in a week; b brings it forward to now.
        await a.f.complete(c!, new Date(clock.now().getTime() + 7 * 86_400_000));
        expect(await b.expedite('s-fwd', 'k1')).toBe('expedited');
        const again = await a.f.claim('s-fwd');
        expect(again?.task.key).toBe('k1');
        expect(again?.lease.gen).toBe(3);
      } finally {
        await a.close();
      }
    });
  });

  it('serves new work before overdue re-visits', async () => {
    const f = new Frontier(t.db, clock, { workerId: 'w' });
    await f.add('s-lanes', [{ kind: 'detail', path: '/open-1' }, { kind: 'detail', path: '/open-2' }]);
    for (let i = 0; i < 2; i++) {
      const c = await f.claim('s-lanes');
      await f.complete(c!, new Date(clock.now().getTime() + 60_000));
    }
    // Both re-visits are an hour overdue when a list sweep finds a new post.
    clock.advance(3_600_000);
    await f.add('s-lanes', [{ kind: 'detail', path: '/new-post' }]);
    const first = await f.claim('s-lanes');
    expect(first?.task.path).toBe('/new-post');
    await f.complete(first!);
    const rest: string[] = [];
    for (let c = await f.claim('s-lanes'); c; c = await f.claim('s-lanes')) {
      rest.push(c.task.path);
      await f.complete(c);
    }
    expect(rest.sort()).toEqual(['/open-1', '/open-2']);
  });

  it('serves unanswered re-visits first, but gives answered ones every ANSWERED_TURN-th turn', async () => {
    const f = new Frontier(t.db, clock, { workerId: 'w' });
    const n = 2 * ANSWERED_TURN;
    await f.add('s-answered', Array.from({ length: n }, (_v, i) => ({ kind: 'detail', path: `/m/${i}` })));
    for (let i = 0; i < n; i++) {
      const c = await f.claim('s-answered');
      // Half the messages were answered (waiting for a rating), half not.
      await f.complete(c!, new Date(clock.now().getTime() + 60_000), Number(c!.task.path.split('/')[2]) % 2 === 0 ? 'answered' : 'open');
    }
    clock.advance(120_000);
    const order: string[] = [];
    for (let c = await f.claim('s-answered'); c; c = await f.claim('s-answered')) {
      order.push(Number(c.task.path.split('/')[2]) % 2 === 0 ? 'answered' : 'open');
      await f.complete(c);
    }
    expect(order).toHaveLength(n);
    // Answered ones only on their turns while unanswered ones are due, then the rest.
    const firstOpenHalf = order.slice(0, ANSWERED_TURN);
    expect(firstOpenHalf.filter((x) => x === 'answered').length).toBeLessThanOrEqual(1);
    expect(order.slice(0, ANSWERED_TURN + 1).filter((x) => x === 'answered').length).toBeGreaterThanOrEqual(1);
  });

  it('claims a re-visit early (unanswered first) only when asked, and not beyond its horizon', async () => {
    const f = new Frontier(t.db, clock, { workerId: 'w' });
    await f.add('s-early', [{ kind: 'detail', path: '/answered' }, { kind: 'detail', path: '/open' }, { kind: 'detail', path: '/far' }]);
    const plan: Record<string, [number, 'open' | 'answered']> = { '/answered': [3_600_000, 'answered'], '/open': [6 * 3_600_000, 'open'], '/far': [30 * 86_400_000, 'open'] };
    for (let c = await f.claim('s-early'); c; c = await f.claim('s-early')) {
      const [inMs, lane] = plan[c.task.path]!;
      await f.complete(c, new Date(clock.now().getTime() + inMs), lane);
    }
    expect(await f.claim('s-early')).toBeNull();
    const first = await f.claimEarly('s-early');
    expect(first?.task.path).toBe('/open');
    await f.complete(first!, new Date(clock.now().getTime() + 12 * 3_600_000), 'open');
    const second = await f.claimEarly('s-early');
    expect(second?.task.path).toBe('/open');
    await f.complete(second!, new Date(clock.now().getTime() + 12 * 3_600_000), 'open');
    // Unanswered first even when the answered one is due sooner; once it is settled, the answered one.
    const third = await f.claimEarly('s-early');
    expect(third?.task.path).toBe('/open');
    await f.complete(third!);
    const fourth = await f.claimEarly('s-early');
    expect(fourth?.task.path).toBe('/answered');
    await f.complete(fourth!);
    // 30 days ahead is past the horizon, and an ordinary claim never takes what is not due.
    expect(await f.claimEarly('s-early')).toBeNull();
    expect(await f.claim('s-early')).toBeNull();
  });
});

describe('frontier queue lookups', () => {
  it('does not read back queue slots or hour markers the process wrote or finished itself', async () => {
    const client = new MongoClient(t.uri, { monitorCommands: true });
    const reads: string[] = [];
    client.on('commandStarted', (e) => {
      const coll = String((e.command as Record<string, unknown>)[e.commandName]);
      if (e.commandName === 'find' && coll === 'frontier_queue') reads.push(JSON.stringify((e.command as { filter?: unknown }).filter));
    });
    try {
      const f = new Frontier(client.db(t.name), clock, { workerId: 'w-reads' });
      await f.add('s-reads', Array.from({ length: 6 }, (_, i) => ({ kind: 'detail', path: `/d/${i}` })));
      // Each push took the slot after its own last one: no lookup (was one per push after the first).
      expect(reads).toEqual([]);
      const paths: string[] = [];
      for (let c = await f.claim('s-reads'); c; c = await f.claim('s-reads')) {
        paths.push(c.task.path);
        await f.complete(c);
      }
      expect(paths.sort()).toEqual(['/d/0', '/d/1', '/d/2', '/d/3', '/d/4', '/d/5']);
      // Each claim reads its own slot; the slots finished before are known done, and the hour
      // marker known to exist. The last claim reads the empty slot that ends the walk, and the
      // re-visit lanes' hour markers (never written).
      const slotReads = reads.filter((r) => r.includes('s-reads#') && !r.includes('#h#'));
      const hourReads = reads.filter((r) => r.includes('s-reads#h#'));
      expect(slotReads).toHaveLength(7);
      expect(hourReads).toHaveLength(0);
    } finally {
      await client.close();
    }
  });
});

describe('frontier with several claims in flight in one process', () => {
  /** The `_id`s of frontier_queue slots read (hour markers left out) while `body` runs. */
  async function slotReads(prefix: string, body: (f: Frontier, reads: string[]) => Promise<void>): Promise<string[]> {
    const client = new MongoClient(t.uri, { monitorCommands: true });
    const reads: string[] = [];
    client.on('commandStarted', (e) => {
      const command = e.command as { find?: string; filter?: { _id?: unknown } };
      const id = String(command.filter?._id ?? '');
      if (e.commandName === 'find' && command.find === 'frontier_queue' && id.startsWith(prefix) && !id.includes('#h#')) reads.push(id);
    });
    try {
      await body(new Frontier(client.db(t.name), clock, { workerId: `w-${prefix}` }), reads);
      return reads;
    } finally {
      await client.close();
    }
  }

  it("reads a lane's cursor again only after a second, not at every claim, and still finds what another process pushed", async () => {
    const client = new MongoClient(t.uri, { monitorCommands: true });
    let cursorReads = 0;
    client.on('commandStarted', (e) => {
      const command = e.command as { find?: string; filter?: { _id?: unknown } };
      if (command.find === 'frontier_cursor' && command.filter?._id === 's-cursor') cursorReads++;
    });
    try {
      const f = new Frontier(client.db(t.name), clock, { workerId: 'w-cursor' });
      const other = new Frontier(t.db, clock, { workerId: 'w-cursor-other' });
      await f.add('s-cursor', Array.from({ length: 10 }, (_, i) => ({ kind: 'detail', path: `/d/${i}` })));
      const started = performance.now();
      for (let i = 0; i < 10; i++) {
        const c = await f.claim('s-cursor');
        await f.complete(c!);
      }
      const elapsed = performance.now() - started;
      expect(cursorReads).toBeLessThanOrEqual(Math.floor(elapsed / CURSOR_REREAD_MS) + 1);
      expect(cursorReads).toBeLessThan(10);
      // Another process's tasks, pushed after this one last read the cursor, are claimed all the same.
      await other.add('s-cursor', [{ kind: 'detail', path: '/d/other' }]);
      expect((await f.claim('s-cursor'))?.task.path).toBe('/d/other');
    } finally {
      await client.close();
    }
  });

  it('walks past the entries of its own unfinished claims without reading them', async () => {
    const claims: Claim[] = [];
    const reads = await slotReads('s-held#', async (f) => {
      await f.add('s-held', Array.from({ length: 4 }, (_, i) => ({ kind: 'detail', path: `/d/${i}` })));
      for (let i = 0; i < 4; i++) claims.push((await f.claim('s-held'))!);
      expect(await f.claim('s-held')).toBeNull();
      for (const c of claims) await f.complete(c);
    });
    expect(claims.map((c) => c.task.path)).toEqual(['/d/0', '/d/1', '/d/2', '/d/3']);
    // Each claim reads its own slot once (the slots before it are held, not re-read); the last
    // claim reads only the empty slot after them. Was 1 + 2 + 3 + 4 + 5 = 15 reads.
    const slots = reads.map((id) => Number(id.slice(id.lastIndexOf('#') + 1)));
    expect(slots).toEqual([1, 2, 3, 4, 5]);
  });

  it('remembers entries it finished out of order, so a later walk does not read them', async () => {
    let fifth: Claim | null = null;
    const reads = await slotReads('s-order#', async (f, seen) => {
      await f.add('s-order', Array.from({ length: 4 }, (_, i) => ({ kind: 'detail', path: `/d/${i}` })));
      const claims: Claim[] = [];
      for (let i = 0; i < 4; i++) claims.push((await f.claim('s-order'))!);
      // Tasks in flight finish in any order; the fourth is still held.
      for (const i of [2, 0, 1]) await f.complete(claims[i]!);
      seen.length = 0;
      await f.add('s-order', [{ kind: 'detail', path: '/d/4' }]);
      fifth = await f.claim('s-order');
      await f.complete(claims[3]!);
      await f.complete(fifth!);
    });
    expect((fifth as Claim | null)?.task.path).toBe('/d/4');
    // Only the new entry is read: 1-3 are known done, 4 is held (slot 3 was read again before).
    expect(reads.map((id) => Number(id.slice(id.lastIndexOf('#') + 1)))).toEqual([5]);
  });

  it('takes queue slots for concurrent pushes without colliding', async () => {
    const reads = await slotReads('s-pushes#', async (f) => {
      await Promise.all(Array.from({ length: 8 }, (_, i) => f.add('s-pushes', [{ kind: 'detail', path: `/d/${i}` }])));
    });
    // Pushes of one process take slots one after another (no insert lost to a sibling, so no
    // probing reads); racing, they collided and probed.
    expect(reads).toEqual([]);
    const f = new Frontier(t.db, clock, { workerId: 'w-pushes-check' });
    const paths: string[] = [];
    for (let c = await f.claim('s-pushes'); c; c = await f.claim('s-pushes')) {
      paths.push(c.task.path);
      await f.complete(c);
    }
    expect(paths.sort()).toEqual(Array.from({ length: 8 }, (_, i) => `/d/${i}`));
  });
});

describe('frontier over long gaps', () => {
  it('finds a re-visit days later and skips the empty time in between', async () => {
    const f = new Frontier(t.db, clock, { workerId: 'w' });
    await f.add('s-gap', [{ kind: 'detail', path: '/later' }, { kind: 'detail', path: '/now' }]);
    const a = await f.claim('s-gap');
    await f.complete(a!, new Date(clock.now().getTime() + 3 * 86_400_000));
    const b = await f.claim('s-gap');
    await f.complete(b!);
    expect(await f.claim('s-gap')).toBeNull();
    clock.advance(3 * 86_400_000 + 1000);
    const again = await f.claim('s-gap');
    expect(again?.task.path).toBe(a!.task.path);
    await f.complete(again!);
    expect(await f.claim('s-gap')).toBeNull();
    // The cursor moved past the exhausted days, so later claims do not walk them again.
    const cursor = await t.db.collection<{ _id: string; bucket: number }>('frontier_cursor').findOne({ _id: 's-gap~revisit' });
    expect(cursor!.bucket).toBeGreaterThanOrEqual(Math.floor(clock.now().getTime() / 60_000) - 2);
  });
});

describe('frontier re-visit lanes', () => {
  it('finds a re-visit due sooner than the first one its lane ever got', async () => {
    // The lane's first entry is three days ahead; a later message is due back in an hour.
    // A cursor created at that first entry would sit three days ahead and never walk back
    // to the hour (only repairDue's idle scan would find it).
    const f = new Frontier(t.db, clock, { workerId: 'w' });
    await f.add('s-first', [{ kind: 'detail', path: '/far' }, { kind: 'detail', path: '/near' }]);
    const far = await f.claim('s-first');
    await f.complete(far!, new Date(clock.now().getTime() + 3 * 86_400_000));
    const near = await f.claim('s-first');
    await f.complete(near!, new Date(clock.now().getTime() + 3_600_000));
    clock.advance(3_600_000 + 1000);
    expect((await f.claim('s-first'))?.task.path).toBe(near!.task.path);
  });
});

describe('frontier repair', () => {
  it('re-points a due task that lost its queue pointer (worker killed between insert and push), not a leased one', async () => {
    const f = new Frontier(t.db, clock, { workerId: 'w1' });
    await f.add('s-lost', [{ kind: 'detail', path: '/d/lost' }, { kind: 'detail', path: '/d/held' }]);
    const held = await f.claim('s-lost');
    expect(held).not.toBeNull();
    // The other task's pointer is gone, as if its writer died right after inserting it.
    await t.db.collection<{ _id: string; taskId: string }>('frontier_queue').deleteMany({ taskId: { $ne: held!.task._id }, _id: { $regex: '^s-lost#' } });
    // The restarted worker (a new process: no queue caches) cannot reach it …
    const g = new Frontier(t.db, clock, { workerId: 'w2' });
    expect(await g.claim('s-lost')).toBeNull();
    expect(await g.nextDue('s-lost')).not.toBeNull();
    // … until the idle path re-points it; the leased one is left to its holder.
    expect(await g.repairDue('s-lost')).toBe(1);
    const found = await g.claim('s-lost');
    expect(found?.task.path).toBe(held!.task.path === '/d/lost' ? '/d/held' : '/d/lost');
    await g.complete(found!);
    await f.complete(held!);
    expect(await g.claim('s-lost')).toBeNull();
    expect(await f.counts('s-lost')).toEqual({ done: 2 });
  });
});

describe('host slots', () => {
  it('books distinct slots for concurrent workers so starts are an interval apart', async () => {
    const conns = await Promise.all([0, 1].map(() => connectStore(t.uri, t.name)));
    try {
      const real = { now: () => new Date() };
      const slots = conns.map((c, i) => new HostSlots(c.db, real, { workerId: `w${i}` }));
      const starts: number[] = [];
      await Promise.all(
        slots.map(async (s) => {
          for (let i = 0; i < 3; i++) {
            await s.acquire('example.test', 100);
            starts.push(Date.now());
          }
        }),
      );
      starts.sort((x, y) => x - y);
      const gaps = starts.slice(1).map((v, i) => v - starts[i]!);
      // Timers may fire a little early or late; the booked slots themselves are 100 ms apart.
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(80);
    } finally {
      await Promise.all(conns.map((c) => c.close()));
    }
  });
});

describe('host slots reached late', () => {
  const INTERVAL = 100;

  /** A clock that moves only by sleeps; each sleep overshoots by the next of `late` (then 0). */
  function lateSleeper(start: number, late: number[]) {
    let now = start;
    const clock = { now: () => new Date(now) };
    const sleep = async (ms: number) => {
      now += ms + (late.shift() ?? 0);
    };
    return { clock, sleep, now: () => now };
  }

  async function booked(host: string): Promise<string[]> {
    const docs = await t.db.collection<{ _id: string; host: string }>('host_slots').find({ host }).toArray();
    return docs.map((d) => d._id).sort();
  }

  it('leaves a slot it reached late unused and starts near the beginning of a later one', async () => {
    const w = lateSleeper(1_000_050, [INTERVAL * 0.4]);
    const slots = new HostSlots(t.db, w.clock, { workerId: 'late', sleep: w.sleep });
    const at = await slots.acquire('late.test', INTERVAL);
    // Slot 10001 began at 1,000,100; the worker woke at 1,000,140 and booked 10002 instead.
    expect(at.getTime()).toBe(1_000_200);
    expect(w.now() - at.getTime()).toBeLessThanOrEqual(INTERVAL * MAX_LATE_FRACTION);
    expect(await booked('late.test')).toEqual(['late.test#10001', 'late.test#10002']);
  });

  it('takes a slot late after a few late ones rather than booking ahead for ever', async () => {
    const w = lateSleeper(2_000_050, [50, 50, 50, 50, 50, 50]);
    const slots = new HostSlots(t.db, w.clock, { workerId: 'always-late', sleep: w.sleep });
    await slots.acquire('always-late.test', INTERVAL);
    // Three late slots left, the fourth taken late at 2,000,450 with the fifth held unused.
    expect(await booked('always-late.test')).toEqual([20001, 20002, 20003, 20004, 20005].map((n) => `always-late.test#${n}`));
    // So the next request, another worker's, starts at slot 20006: 150 ms after the late start.
    const next = await new HostSlots(t.db, { now: () => new Date(2_000_450) }, { workerId: 'on-time', sleep: async () => {} }).acquire('always-late.test', INTERVAL);
    expect(next.getTime() - 2_000_450).toBeGreaterThanOrEqual(INTERVAL * (1 - MAX_LATE_FRACTION));
  });

  it('does not start late when another worker holds the slot after its own: it books again', async () => {
    const other = new HostSlots(t.db, { now: () => new Date(3_000_410) }, { workerId: 'holder', sleep: async () => {} });
    // The other worker holds slot 30005 (it starts at 3,000,500).
    expect((await other.acquire('held-next.test', INTERVAL)).getTime()).toBe(3_000_500);
    const w = lateSleeper(3_000_050, [50, 50, 50, 50, 50, 50]);
    const slots = new HostSlots(t.db, w.clock, { workerId: 'always-late-2', sleep: w.sleep });
    const at = await slots.acquire('held-next.test', INTERVAL);
    // Its fourth slot (30004, woken at 3,000,450) could not hold 30005; it went late in 30006
    // (at 3,000,650) holding 30007: 150 ms after the other's start.
    expect(at.getTime()).toBe(3_000_600);
    expect(w.now() - 3_000_500).toBeGreaterThanOrEqual(INTERVAL * (1 - MAX_LATE_FRACTION));
    expect(await booked('held-next.test')).toContain('held-next.test#30007');
  });

  it('starts even when every wake-up is more than a whole interval late, holding the slot it starts in and the next', async () => {
    const w = lateSleeper(4_000_050, Array.from({ length: 40 }, () => 150));
    const slots = new HostSlots(t.db, w.clock, { workerId: 'very-late', sleep: w.sleep });
    const at = await slots.acquire('very-late.test', INTERVAL);
    // Slots 40001, 40003, 40005 and 40007 each reached 150 ms late; the fourth late wake-up
    // (4,000,850) starts in slot 40008, held with 40009. It used to book again until the
    // wake-ups came on time.
    expect(at.getTime()).toBe(4_000_800);
    expect(w.now()).toBe(4_000_850);
    expect(await booked('very-late.test')).toEqual([40001, 40003, 40005, 40007, 40008, 40009].map((n) => `very-late.test#${n}`));
    const next = await new HostSlots(t.db, { now: () => new Date(4_000_850) }, { workerId: 'on-time-2', sleep: async () => {} }).acquire('very-late.test', INTERVAL);
    expect(next.getTime() - 4_000_850).toBeGreaterThanOrEqual(INTERVAL * (1 - MAX_LATE_FRACTION));
  });

  it('books again when the slot a very late start falls in is held by another worker', async () => {
    // Another worker holds 50008, where the fourth late wake-up (5,000,850) falls.
    await t.db.collection<{ _id: string; host: string; at: Date; workerId: string }>('host_slots').insertOne({ _id: 'taken-now.test#50008', host: 'taken-now.test', at: new Date(5_000_800), workerId: 'holder' });
    const w = lateSleeper(5_000_050, [150, 150, 150, 150]);
    const slots = new HostSlots(t.db, w.clock, { workerId: 'very-late-2', sleep: w.sleep });
    const at = await slots.acquire('taken-now.test', INTERVAL);
    // So it booked 50009 and, woken on time, started there.
    expect(at.getTime()).toBe(5_000_900);
    expect(await booked('taken-now.test')).not.toContain('taken-now.test#50010');
  });
});
