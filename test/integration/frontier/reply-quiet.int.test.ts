/**
 * The learned quiet period end to end: a crawl of a simulated board over HTTP into the real
 * store schedules no re-visit of an unanswered message before it is as old as the source's
 * reply-delay histogram says answers start, and counts the answers it stores in that histogram.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSimulator, type RunningSimulator } from '../../../sim/index.js';
import type { AppWithStore } from '../../../src/cli/app.js';
import { DEMO_SOURCE_OPTIONS } from '../../../src/cli/simulated.js';
import { HostQueues } from '../../../src/fetch/host-queues.js';
import { binOf, ReplyDelays } from '../../../src/frontier/reply-delays.js';
import type { TaskDoc } from '../../../src/frontier/schemas.js';
import { buildRun } from '../../../src/pipeline/build-run.js';
import { isSettled } from '../../../src/pipeline/revisit.js';
import { runSource } from '../../../src/pipeline/run-source.js';
import { getSource } from '../../../src/sources/registry.js';
import { Collections, type MessageRecord } from '../../../src/store/schemas.js';
import { simulatedApp } from '../../helpers/sim-app.js';
import { useTestDb } from '../../helpers/test-db.js';

const t = useTestDb('reply_quiet');
const HOUR = 3_600_000;
const SOURCE = 'portal-jiamusi';
/** The histogram says: no answer comes before six days (100 answers at 6 days; the cap is 7). */
const QUIET = 144 * HOUR;
let sim: RunningSimulator;
let app: AppWithStore;

beforeAll(async () => {
  sim = await startSimulator({ seed: 23, messagesPerBoard: 5, boards: { jiamusi: { messages: 80, postsPerHour: 1 } } });
  app = await simulatedApp(t, sim, DEMO_SOURCE_OPTIONS);
});

afterAll(async () => {
  await sim?.close();
});

describe('quiet period learned from reply delays', () => {
  it('keeps unanswered messages younger than the quiet period off the re-visit queue', async () => {
    await t.db.collection('reply_delays').insertOne({ _id: SOURCE, bins: { [`b${binOf(QUIET)}`]: 100 }, updatedAt: sim.clock.now() } as never);
    const input = buildRun(app, new HostQueues({ minIntervalMs: 0, jitterMs: 0 }), { source: getSource(SOURCE), since: null, until: null, sweepId: 'quiet-1' });
    const result = await runSource({ ...input, waitForDueMs: 0 });
    expect(result.state).toBe('finished');
    const now = sim.clock.now().getTime();
    const messages = await t.db.collection<MessageRecord>(Collections.messages).find({ source: SOURCE }).toArray();
    const tasks = await t.db.collection<TaskDoc>('frontier').find({ source: SOURCE, kind: 'detail' }).toArray();
    const taskOf = (m: MessageRecord): TaskDoc | undefined => tasks.find((task) => m.url.endsWith(task.path));
    let young = 0;
    let older = 0;
    for (const m of messages) {
      if (isSettled(m)) continue;
      const task = taskOf(m);
      expect(task, m.url).toBeDefined();
      const due = task!.notBefore.getTime();
      if (m.replies.length > 0) {
        // Answered ones wait only for a rating: the first gap, no quiet period.
        expect(due - now, m.url).toBeLessThanOrEqual(6 * HOUR);
      } else if (m.postedAt!.getTime() + QUIET > now + 12 * HOUR) {
        young++;
        expect(due, m.url).toBe(m.postedAt!.getTime() + QUIET);
      } else {
        older++;
        expect(due - now, m.url).toBeLessThanOrEqual(12 * HOUR);
      }
    }
    // The board has both kinds, or the test shows nothing.
    expect(young).toBeGreaterThan(0);
    expect(older).toBeGreaterThan(0);
    // Every answer stored was added to the histogram.
    const doc = await t.db.collection<{ _id: string; bins: Record<string, number> }>('reply_delays').findOne({ _id: SOURCE });
    const total = Object.values(doc!.bins).reduce((a, n) => a + n, 0);
    expect(total).toBe(100 + messages.filter((m) => m.replies.some((r) => r.at && r.at.getTime() > m.postedAt!.getTime() - 24 * HOUR)).length);
  });

  it('writes samples in batches that other workers read, without counting any twice', async () => {
    const a = new ReplyDelays(t.db, 'batch-src');
    const b = new ReplyDelays(t.db, 'batch-src');
    const at = new Date('2026-06-15T00:00:00Z');
    await a.load();
    // 150 answers at 2 days: two batches written, 22 samples still in memory.
    for (let i = 0; i < 150; i++) await a.record(48 * HOUR, at);
    const stored = async () => {
      const doc = await t.db.collection<{ _id: string; bins: Record<string, number> }>('reply_delays').findOne({ _id: 'batch-src' });
      return doc ? Object.values(doc.bins).reduce((x, n) => x + n, 0) : 0;
    };
    expect(await stored()).toBe(128);
    await b.load();
    expect(b.quietMs()).toBe(48 * HOUR);
    // A reload keeps the samples not written yet, and does not add the written ones twice.
    await a.load();
    await a.flush(at);
    expect(await stored()).toBe(150);
    await a.flush(at);
    expect(await stored()).toBe(150);
  });
});

