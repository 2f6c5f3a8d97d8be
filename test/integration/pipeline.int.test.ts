/**
 * End to end against the board simulator over HTTP and the real store: every source crawls
 * its replica; after simulated days a re-crawl finds new posts, replies and status changes,
 * and changes nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import type { AppWithStore } from '../../src/cli/app.js';
import { DEMO_SOURCE_OPTIONS, SIMULATED_BOARD } from '../../src/cli/simulated.js';
import { HostQueues } from '../../src/fetch/host-queues.js';
import { buildRun } from '../../src/pipeline/build-run.js';
import { runSource, type RunResult } from '../../src/pipeline/run-source.js';
import { getSource } from '../../src/sources/registry.js';
import { Collections, type EventRecord, type MessageRecord } from '../../src/store/schemas.js';
import { simulatedApp } from '../helpers/sim-app.js';
import { useTestDb } from '../helpers/test-db.js';

const t = useTestDb('pipeline');
let sim: RunningSimulator;
let app: AppWithStore;
const DAY = 86_400_000;
/** Content a board may legitimately change on a message after it was posted. */
const MAY_CHANGE = new Set(['status', 'replies', 'evaluation', 'extra']);

beforeAll(async () => {
  const slow = { postsPerHour: 0.25 };
  const boards = Object.fromEntries(Object.values(SIMULATED_BOARD).map((b) => [b, slow]));
  sim = await startSimulator({ seed: 11, messagesPerBoard: 25, boards: { ...boards, liuyan: { messages: 400, postsPerHour: 2 } } });
  app = await simulatedApp(t, sim, DEMO_SOURCE_OPTIONS);
});

afterAll(async () => {
  await sim?.close();
});

async function crawlAll(sweep: string): Promise<Map<string, RunResult>> {
  const queues = new HostQueues({ minIntervalMs: 0, jitterMs: 0 });
  const results = new Map<string, RunResult>();
  await Promise.all(
    Object.keys(SIMULATED_BOARD).map(async (id) => {
      const input = buildRun(app, queues, { source: getSource(id), since: null, until: null, sweepId: `${sweep}-${id}`, maxPages: 400 });
      results.set(id, await runSource({ ...input, waitForDueMs: 0 }));
    }),
  );
  return results;
}

async function posted(): Promise<Record<string, number>> {
  const res = await fetch(`${sim.adminUrl}/_admin/boards`);
  const body = (await res.json()) as Record<string, { posted: number }>;
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v.posted]));
}

/**
 * Per source: answered messages stored (a reply dated after the post) against the
 * count in its reply-delay histogram, which must count each of them exactly once.
 */
async function replyDelayCounts(): Promise<Record<string, { stored: number; counted: number }>> {
  const out: Record<string, { stored: number; counted: number }> = {};
  const all = await t.db.collection<MessageRecord>(Collections.messages).find({}, { projection: { source: 1, postedAt: 1, replies: 1 } }).toArray();
  for (const m of all) {
    // Replies dated by the day only may read as hours before the post; a day or more is wrong.
    const dated = m.replies.filter((r) => r.at && m.postedAt && r.at.getTime() > m.postedAt.getTime() - DAY);
    const entry = (out[m.source] ??= { stored: 0, counted: 0 });
    if (dated.length > 0) entry.stored++;
  }
  for (const d of await t.db.collection<{ _id: string; bins: Record<string, number> }>('reply_delays').find().toArray()) {
    (out[d._id] ??= { stored: 0, counted: 0 }).counted = Object.values(d.bins).reduce((a, n) => a + n, 0);
  }
  return out;
}

function expectEachCountedOnce(counts: Record<string, { stored: number; counted: number }>): void {
  for (const [id, c] of Object.entries(counts)) expect(c.counted, `${id} reply delays`).toBe(c.stored);
}

describe('pipeline against the simulator', () => {
  it('stores every message of the page-numbered boards with their fields', async () => {
    const before = await posted();
    const results = await crawlAll('first');
    for (const [id, r] of results) {
      expect(r.state, id).toBe('finished');
      expect(r.summary.counts.deadLettered, id).toBe(0);
    }
    // On these boards every posted message is listed; deleted ones answer 404 ("gone", which
    // also counts the 404 past the last list page on some portals).
    for (const id of ['rednet', 'rednet-wz', 'portal-dalian', 'portal-jiamusi', 'portal-xuzhou', 'portal-beijing']) {
      const c = results.get(id)!.summary.counts;
      const stored = await t.db.collection(Collections.messages).countDocuments({ source: id });
      expect(stored, id).toBe(c.inserted);
      expect(stored, id).toBeLessThanOrEqual(before[SIMULATED_BOARD[id]!]!);
      expect(stored + c.skipped, id).toBeGreaterThanOrEqual(before[SIMULATED_BOARD[id]!]!);
    }
    expect(results.get('renmin')!.summary.counts.inserted).toBeGreaterThan(0);
    const messages = t.db.collection<MessageRecord>(Collections.messages);
    for (const id of Object.keys(SIMULATED_BOARD)) {
      const sample = await messages.findOne({ source: id, 'replies.0': { $exists: true } });
      expect(sample, `${id} has an answered message`).not.toBeNull();
      expect(sample!.title.length).toBeGreaterThan(0);
      expect(sample!.body.length).toBeGreaterThan(sample!.title.length / 2);
      expect(sample!.postedAt).toBeInstanceOf(Date);
      expect(sample!.replies[0]!.body.length).toBeGreaterThan(0);
      expect(sample!.status.raw).not.toBeNull();
      expect(sample!.region.province, id).not.toBeNull();
    }
    const counts = await replyDelayCounts();
    expect(counts['renmin']!.stored).toBeGreaterThan(20);
    expectEachCountedOnce(counts);
  });

  it('re-crawl after simulated days finds new posts, replies and status changes, nothing else', async () => {
    const before = await posted();
    const countBefore = await t.db.collection(Collections.messages).countDocuments();
    sim.clock.advance(4 * DAY);
    const after = await posted();
    const results = await crawlAll('second');
    let updated = 0;
    for (const [id, r] of results) {
      expect(r.state, id).toBe('finished');
      updated += r.summary.counts.updated;
      if (id !== 'renmin') {
        const board = SIMULATED_BOARD[id]!;
        const c = r.summary.counts;
        // New posts are inserted (or found gone); nothing old is inserted again.
        expect(c.inserted + c.skipped, id).toBeGreaterThanOrEqual(after[board]! - before[board]!);
        expect(c.inserted, id).toBeLessThanOrEqual(after[board]! - before[board]!);
      }
    }
    expect(await t.db.collection(Collections.messages).countDocuments()).toBeGreaterThan(countBefore);
    expect(updated).toBeGreaterThan(0);
    const changes = await t.db
      .collection<EventRecord>(Collections.events)
      .find({ type: 'message.changed' })
      .toArray();
    expect(changes.length).toBe(updated);
    for (const e of changes) {
      for (const f of e.changedFields) expect(MAY_CHANGE.has(f), `${e.entityId} changed ${f}`).toBe(true);
    }
    // Messages answered since the first crawl were counted once more each, no others.
    expectEachCountedOnce(await replyDelayCounts());
  });

  it('crawls again with no time passed without changing anything', async () => {
    const results = await crawlAll('third');
    for (const [id, r] of results) {
      expect(r.summary.counts.updated, id).toBe(0);
      expect(r.summary.counts.inserted, id).toBe(0);
    }
    expectEachCountedOnce(await replyDelayCounts());
  });
});
