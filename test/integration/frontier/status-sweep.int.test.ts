/**
 * Status sweeps end to end: the renmin site feed of the board simulator over HTTP, the real
 * store. A message whose list row shows another status than the stored one is fetched again
 * at once, however far off its re-visit was; the others are not fetched; one sweep per
 * period whatever the number of workers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';

import { buildMessage } from '../../../sim/core/message.js';
import { startSimulator, type RunningSimulator } from '../../../sim/index.js';
import { stateNames } from '../../../sim/liuyan/board.js';
import type { AppWithStore } from '../../../src/cli/app.js';
import { HostQueues } from '../../../src/fetch/host-queues.js';
import { Frontier } from '../../../src/frontier/frontier.js';
import { Collections as FrontierCollections, type TaskDoc } from '../../../src/frontier/schemas.js';
import { buildRun } from '../../../src/pipeline/build-run.js';
import { runSource, type RunResult } from '../../../src/pipeline/run-source.js';
import { StatusSweeper } from '../../../src/pipeline/status-sweep.js';
import { getSource } from '../../../src/sources/registry.js';
import { Collections, type MessageRecord } from '../../../src/store/schemas.js';
import { simulatedApp } from '../../helpers/sim-app.js';
import { useTestDb, type TestDb } from '../../helpers/test-db.js';

const t = useTestDb('status_sweep');
/** A second store for the per-fid list (form transport): the two runs must not share messages. */
const tForm = useTestDb('status_sweep_form');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OPTIONS = { transport: 'signed', feed: 'site', feedRows: 50, maxPages: 40, statusSweep: { everyHours: 3, windowDays: 60 } };
const FORM_OPTIONS = { fids: ['14', '29'], maxPages: 40, statusSweep: { everyHours: 3, windowDays: 60 } };
let sim: RunningSimulator;
let app: AppWithStore;

beforeAll(async () => {
  sim = await startSimulator({ seed: 29, messagesPerBoard: 5, lifecycle: { deleteRate: 0 }, boards: { liuyan: { messages: 200, postsPerHour: 0.5 } } });
  app = await simulatedApp(t, sim, { renmin: OPTIONS });
});

afterAll(async () => {
  await sim?.close();
});

async function crawl(sweepId: string, on: AppWithStore = app): Promise<RunResult> {
  const input = buildRun(on, new HostQueues({ minIntervalMs: 0, jitterMs: 0 }), { source: getSource('renmin'), since: null, until: null, sweepId });
  const result = await runSource({ ...input, waitForDueMs: 0 });
  expect(result.state, result.reason ?? '').toBe('finished');
  return result;
}

const stored = async (db: TestDb): Promise<MessageRecord[]> => db.db.collection<MessageRecord>(Collections.messages).find({ source: 'renmin' }).toArray();

/**
 * Crawls, pushes every re-visit a month away, lets `days` simulated days pass (into a new
 * 3-hour period) and crawls again: exactly the known messages whose status changed, by the
 * simulator's own truth, are fetched again, each once; a further run finds nothing changed.
 */
async function fetchesExactlyTheChanged(db: TestDb, on: AppWithStore, prefix: string, days: number): Promise<void> {
  await crawl(`${prefix}first`, on);
  const before = new Map((await stored(db)).map((m) => [m.externalId, m]));
  expect(before.size).toBeGreaterThan(10);
  // Every re-visit a month away: only the status sweep can bring a message back sooner.
  const far = new Date(sim.clock.now().getTime() + 30 * DAY);
  await db.db.collection<TaskDoc>(FrontierCollections.frontier).updateMany({ source: 'renmin', state: 'queued', key: { $regex: '^tid:' } }, { $set: { notBefore: far } });
  sim.clock.advance(days * DAY);
  const second = await crawl(`${prefix}second`, on);
  const after = new Map((await stored(db)).map((m) => [m.externalId, m]));
  const refetched = [...before.values()].filter((m) => after.get(m.externalId)!.lastSeenAt > m.lastSeenAt);
  const moved = refetched.filter((m) => after.get(m.externalId)!.status.raw !== m.status.raw);
  const newPosts = after.size - before.size;
  // The simulator's truth: how many known messages show another status now.
  const core = sim.world.board('liuyan');
  const nowMs = sim.clock.now().getTime();
  const differ = [...before.values()].filter((m) => stateNames[buildMessage(sim.world, 'liuyan', core.indexOf(m.externalId)!, nowMs).status] !== m.status.raw).length;
  expect(differ).toBeGreaterThan(2);
  expect(second.summary.counts.statusChanged).toBe(differ);
  // Each changed row was fetched once, and nothing else that was known.
  expect(refetched).toHaveLength(second.summary.counts.statusChanged);
  expect(moved).toHaveLength(refetched.length);
  expect(second.summary.counts.messages).toBe(newPosts + refetched.length);
  // Answers among them were stored with their replies.
  expect(refetched.some((m) => after.get(m.externalId)!.replies.length > m.replies.length)).toBe(true);
  // The detail shows the words the row shows: nothing is taken for changed again and again.
  const third = await crawl(`${prefix}third`, on);
  expect(third.summary.counts.statusChanged).toBe(0);
}

describe('status sweeps', () => {
  it('fetch again exactly the messages whose row on the site feed shows a new status, however far off their re-visit', async () => {
    await fetchesExactlyTheChanged(t, app, '', 6);
  });

  it('a daemon run sweeps a list with spare budget before the next status page (status sweeps do not hold back new posts)', async () => {
    // Status sweeps every 3 minutes; the list was swept long enough ago for an early sweep
    // (30 s) but is not due by its posting rate.
    const fast = await simulatedApp(t, sim, { renmin: { ...OPTIONS, statusSweep: { everyHours: 0.05, windowDays: 60 } } });
    sim.clock.advance(4 * 60_000);
    const startedAt = sim.clock.now();
    const watermarks = t.db.collection<{ _id: string; nextSweepAt: Date | null }>(FrontierCollections.watermarks);
    // Not due by its posting rate: only the spare-budget rule can sweep it now.
    expect((await watermarks.findOne({ _id: 'renmin|search:site' }))!.nextSweepAt!.getTime()).toBeGreaterThan(startedAt.getTime());
    const input = buildRun(fast, new HostQueues({ minIntervalMs: 0, jitterMs: 0 }), { source: getSource('renmin'), since: null, until: null, sweepId: 'daemon' });
    const result = await runSource({ ...input, waitForDueMs: 0, adaptiveLists: true, spareBudget: true, maxPages: 1 });
    expect(result.state, result.reason ?? '').toBe('finished');
    // The one page fetched was the list's; the status sweep's first page waits behind it.
    const tasks = await t.db.collection<TaskDoc>(FrontierCollections.frontier).find({ source: 'renmin', kind: 'searchList', key: { $regex: '^daemon\\.' } }).toArray();
    const listPage = tasks.filter((x) => x.meta.statusSweep !== true);
    const statusPage = tasks.filter((x) => x.meta.statusSweep === true);
    expect(result.summary.counts.pages).toBe(1);
    expect(listPage.filter((x) => x.state === 'done')).toHaveLength(1);
    expect(statusPage.map((x) => x.state)).toEqual(['queued']);
  });

  it('one sweep per period, however many workers poll', async () => {
    const make = (worker: string) =>
      StatusSweeper.create({
        db: t.db, source: getSource('renmin'), options: getSource('renmin').options.parse(OPTIONS), clock: sim.clock, log: pino({ level: 'silent' }), sweepId: `w-${worker}`,
        frontier: new Frontier(t.db, sim.clock, { workerId: worker }),
      });
    sim.clock.advance(3 * HOUR);
    const [a, b] = [make('a'), make('b')];
    const seeded = [await a!.poll(), await b!.poll()];
    expect(seeded.sort()).toEqual([0, 1]);
    // Off unless the options ask for it.
    expect(StatusSweeper.create({ db: t.db, source: getSource('renmin'), options: getSource('renmin').options.parse({ transport: 'signed', feed: 'site' }), clock: sim.clock, log: pino({ level: 'silent' }), sweepId: 'x', frontier: new Frontier(t.db, sim.clock, { workerId: 'c' }) })).toBeNull();
  });

  it("the same over the fids' own lists (form transport, HTML detail)", async () => {
    // Two forums hold few of the simulated messages: more days, so that enough of them change.
    await fetchesExactlyTheChanged(tForm, await simulatedApp(tForm, sim, { renmin: FORM_OPTIONS }), 'form-', 20);
  });
});
