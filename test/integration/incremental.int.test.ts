/**
 * Incremental collection against the simulator and the real store: the first sweep of a list
 * stores its watermark; later sweeps stop paging there, fetch no known message again, and
 * miss nothing that a full sweep of the same list finds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import type { AppWithStore } from '../../src/cli/app.js';
import { HostQueues } from '../../src/fetch/host-queues.js';
import { Collections as FrontierCollections, type TaskDoc, type WatermarkDoc } from '../../src/frontier/schemas.js';
import { defaultListSchedule, sweepInterval } from '../../src/frontier/list-schedule.js';
import { buildRun } from '../../src/pipeline/build-run.js';
import { runSource, type RunResult } from '../../src/pipeline/run-source.js';
import { getSource } from '../../src/sources/registry.js';
import { Collections, type MessageRecord } from '../../src/store/schemas.js';
import { simulatedApp } from '../helpers/sim-app.js';
import { useTestDb } from '../helpers/test-db.js';

const t = useTestDb('incremental');
const DAY = 86_400_000;
let sim: RunningSimulator;
let app: AppWithStore;

beforeAll(async () => {
  sim = await startSimulator({ seed: 23, messagesPerBoard: 10, lifecycle: { deleteRate: 0 }, boards: { liuyan: { messages: 2000, postsPerHour: 30 } } });
  app = await simulatedApp(t, sim, { renmin: { fids: ['14'], maxPages: 200 } });
});

afterAll(async () => {
  await sim?.close();
});

async function crawl(sweepId: string, since: Date | null = null, adaptiveLists = false): Promise<RunResult> {
  const input = buildRun(app, new HostQueues({ minIntervalMs: 0, jitterMs: 0 }), { source: getSource('renmin'), since, until: null, sweepId });
  const result = await runSource({ ...input, waitForDueMs: 0, adaptiveLists });
  expect(result.state, result.reason ?? '').toBe('finished');
  return result;
}

/** List pages a sweep fetched (list tasks are scoped to their sweep). */
async function listPages(sweepId: string): Promise<number> {
  const tasks = await t.db.collection<TaskDoc>(FrontierCollections.frontier).find({ source: 'renmin', kind: 'list' }).toArray();
  return tasks.filter((task) => task.key.startsWith(`${sweepId}:`)).length;
}

const watermarkDoc = async (): Promise<WatermarkDoc | null> => t.db.collection<WatermarkDoc>(FrontierCollections.watermarks).findOne({ _id: 'renmin|14' });
const watermark = async (): Promise<number | undefined> => (await watermarkDoc())?.value;

async function maxStoredTid(): Promise<number> {
  const ids = await t.db.collection<MessageRecord>(Collections.messages).find({ source: 'renmin' }, { projection: { externalId: 1 } }).toArray();
  return Math.max(...ids.map((m) => Number(m.externalId)));
}

describe('incremental renmin sweeps', () => {
  let first: RunResult;

  it('a first full sweep stores the list watermark: the highest tid it listed', async () => {
    first = await crawl('a');
    expect(first.summary.counts.inserted).toBeGreaterThan(50);
    expect(await watermark()).toBe(await maxStoredTid());
  });

  it('after simulated days, a sweep stops at the watermark and fetches only new and due pages', async () => {
    const before = await watermark();
    sim.clock.advance(2 * DAY);
    const second = await crawl('b');
    const c = second.summary.counts;
    expect(c.inserted).toBeGreaterThan(0);
    // Every list page but the last held a new post; the last one reached the watermark.
    expect(await listPages('b')).toBeLessThanOrEqual(Math.ceil(c.inserted / 10) + 1);
    expect(await listPages('b')).toBeLessThan(await listPages('a'));
    expect(c.pages).toBeLessThan(first.summary.counts.pages);
    expect(await watermark()).toBe(await maxStoredTid());
    expect(await watermark()).toBeGreaterThan(before!);
    // The posting rate of this list: what the sweep found over the two days since the last.
    const doc = (await watermarkDoc())!;
    expect(doc.ratePerHour! * 48).toBeCloseTo(c.inserted, 0);
    expect(doc.nextSweepAt!.getTime() - doc.sweptAt!.getTime()).toBe(sweepInterval(doc.ratePerHour!, doc.sweptAt!));
  });

  it('misses nothing: a full backfill sweep of the same list right after finds no new message', async () => {
    const full = await crawl('c', new Date(0));
    expect(await listPages('c')).toBeGreaterThan(await listPages('b'));
    expect(full.summary.counts.inserted).toBe(0);
    expect(full.summary.counts.updated).toBe(0);
  });

  it('with nothing new, a sweep fetches one list page and leaves the watermark alone', async () => {
    const before = await watermark();
    const again = await crawl('d');
    expect(again.summary.counts.pages).toBe(1);
    expect(await watermark()).toBe(before);
  });

  it('a daemon run leaves a list alone until its posting rate says it is due', async () => {
    const notDue = await crawl('e', null, true);
    expect(notDue.summary.counts.pages).toBe(0);
    const doc = (await watermarkDoc())!;
    // It tells the scheduler when to come back: no later than the list's next sweep.
    expect(notDue.nextDueAt!.getTime()).toBeLessThanOrEqual(doc.nextSweepAt!.getTime());
    expect(notDue.nextDueAt!.getTime()).toBeGreaterThan(sim.clock.now().getTime() - 6 * 3_600_000);
    sim.clock.advance(doc.nextSweepAt!.getTime() - sim.clock.now().getTime() + 1000);
    const due = await crawl('f', null, true);
    expect(await listPages('f')).toBeGreaterThanOrEqual(1);
    expect(due.summary.counts.pages).toBeGreaterThanOrEqual(1);
  });

  it('a daemon run sweeps a list again within the run when its next sweep comes', async () => {
    const doc = (await watermarkDoc())!;
    sim.clock.advance(doc.nextSweepAt!.getTime() - sim.clock.now().getTime() + 1000);
    const controller = new AbortController();
    const waits: number[] = [];
    const input = buildRun(app, new HostQueues({ minIntervalMs: 0, jitterMs: 0 }), { source: getSource('renmin'), since: null, until: null, sweepId: 'g', signal: controller.signal });
    // Sleeping moves the simulated clock; the second wait ends the run.
    const sleep = async (ms: number): Promise<void> => {
      waits.push(ms);
      sim.clock.advance(ms);
      if (waits.length >= 2) controller.abort();
    };
    const result = await runSource({ ...input, waitForDueMs: 2 * 3_600_000, adaptiveLists: true, sleep });
    expect(result.state).toBe('interrupted');
    expect(await listPages('g')).toBeGreaterThanOrEqual(1);
    // The run waited for the list's next sweep (not for the 2-hour limit) and swept it again.
    const next = (await watermarkDoc())!;
    expect(waits[0]).toBeLessThanOrEqual(defaultListSchedule.maxMs);
    expect(await listPages('g.1')).toBeGreaterThanOrEqual(1);
    expect(next.sweptAt!.getTime()).toBeGreaterThan(doc.sweptAt!.getTime());
  });

  it('with spare budget, a daemon run sweeps a list early and looks at open messages before they are due', async () => {
    // First everything due is done: this run ends when nothing is.
    await crawl('h0', null, true);
    sim.clock.advance(defaultListSchedule.minMs);
    const doc = (await watermarkDoc())!;
    expect(doc.nextSweepAt!.getTime()).toBeGreaterThan(sim.clock.now().getTime());
    const input = buildRun(app, new HostQueues({ minIntervalMs: 0, jitterMs: 0 }), { source: getSource('renmin'), since: null, until: null, sweepId: 'h' });
    const idle = await runSource({ ...input, waitForDueMs: 0, adaptiveLists: true, maxPages: 4 });
    expect(idle.summary.counts.pages).toBe(0);
    const spare = await runSource({ ...input, sweepId: 'h1', waitForDueMs: 0, adaptiveLists: true, spareBudget: true, maxPages: 4 });
    expect(spare.summary.counts.pages).toBe(4);
    expect(await listPages('h1.1')).toBe(1);
    // The other three were detail pages of stored messages, looked at before their time.
    expect(spare.summary.counts.messages).toBe(3);
    expect((await watermarkDoc())!.sweptAt!.getTime()).toBe(sim.clock.now().getTime());
    // Its time used up, a spare-budget run ends and asks to be started again at once.
    const rolled = await runSource({ ...input, sweepId: 'h2', waitForDueMs: 0, adaptiveLists: true, spareBudget: true, maxRunMs: 0 });
    expect(rolled.state).toBe('finished');
    expect(rolled.summary.counts.pages).toBe(0);
    expect(rolled.nextDueAt?.getTime()).toBe(sim.clock.now().getTime());
  });
});
