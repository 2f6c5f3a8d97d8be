/**
 * One source run with several tasks in flight (`pipeline.tasksInFlight`), against the board
 * simulator and the real store: pages are fetched while earlier ones are stored, yet the host
 * still sees one request at a time at the configured interval, no page is fetched twice,
 * every message is stored once, the page limit holds, and the event log stays gap-free.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import type { AppWithStore } from '../../src/cli/app.js';
import { pointAtSimulator, SIMULATED_BOARD } from '../../src/cli/simulated.js';
import { AppConfigSchema } from '../../src/config/schema.js';
import { ensureFrontierSchema } from '../../src/frontier/ensure.js';
import { Collections as FrontierCollections, type TaskDoc } from '../../src/frontier/schemas.js';
import { buildRun, createHostQueues } from '../../src/pipeline/build-run.js';
import type { PageFetcher } from '../../src/pipeline/page-fetcher.js';
import { runSource, type RunResult } from '../../src/pipeline/run-source.js';
import { getSource } from '../../src/sources/registry.js';
import { ensureCaseSchema } from '../../src/store/case-schemas.js';
import { ensureSchema } from '../../src/store/mongo.js';
import { Collections, type EventRecord } from '../../src/store/schemas.js';
import { useTestDb } from '../helpers/test-db.js';

const t = useTestDb('in_flight');
const SOURCE = 'rednet';
const BOARD = SIMULATED_BOARD[SOURCE]!;
// Long enough that a request starting late in its slot (a busy event loop) keeps 3/4 of it.
const INTERVAL_MS = 150;
const IN_FLIGHT = 4;
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 41, messagesPerBoard: 5, lifecycle: { deleteRate: 0 }, boards: { [BOARD]: { messages: 30 } } });
  await ensureSchema(t.db);
  await ensureFrontierSchema(t.db);
  await ensureCaseSchema(t.db);
});

afterAll(async () => {
  await sim?.close();
});

/** Runs the source with IN_FLIGHT tasks at once; `maxFetches` is the most page fetches awaited at one time. */
async function run(maxPages?: number): Promise<{ result: RunResult; maxFetches: number }> {
  const base = AppConfigSchema.parse({ fetch: { minIntervalMs: INTERVAL_MS, jitterMs: 0 }, pipeline: { tasksInFlight: IN_FLIGHT } });
  const config = pointAtSimulator(base, sim, { minIntervalMs: INTERVAL_MS, options: { [SOURCE]: { maxPages: 100 } } });
  const noServer = { uri: t.uri, embedded: false, dataDir: null, stop: async () => {} };
  const app: AppWithStore = { config, log: pino({ level: 'silent' }), clock: sim.clock, store: { db: t.db, client: t.client, close: async () => {} }, server: noServer };
  const input = buildRun(app, createHostQueues(app), { source: getSource(SOURCE), since: null, until: null, sweepId: 'in-flight', maxPages });
  let now = 0;
  let maxFetches = 0;
  const fetchPage: PageFetcher = async (task, signal) => {
    maxFetches = Math.max(maxFetches, ++now);
    try {
      return await input.fetchPage(task, signal);
    } finally {
      now--;
    }
  };
  const result = await runSource({ ...input, fetchPage, waitForDueMs: 0 });
  return { result, maxFetches };
}

describe('a source run with several tasks in flight', () => {
  it('keeps to the page limit, counting the tasks in flight', async () => {
    await fetch(`${sim.adminUrl}/_admin/stats/reset`, { method: 'POST' });
    const { result, maxFetches } = await run(6);
    expect(result.state, result.reason ?? '').toBe('finished');
    expect(maxFetches).toBeGreaterThan(1);
    expect(result.summary.counts.pages).toBeLessThanOrEqual(6);
    expect(result.summary.counts.pages).toBeGreaterThanOrEqual(6 - IN_FLIGHT);
  });

  it('crawls the rest with one request at a time at the interval, each page once, each message once', async () => {
    const before = ((await (await fetch(`${sim.adminUrl}/_admin/stats`)).json()) as Record<string, { total: number }>)[BOARD]!.total;
    const { result, maxFetches } = await run();
    expect(result.state, result.reason ?? '').toBe('finished');
    // The run had IN_FLIGHT pages waiting for the host at once, never more.
    expect(maxFetches).toBe(IN_FLIGHT);

    const stats = ((await (await fetch(`${sim.adminUrl}/_admin/stats`)).json()) as Record<string, { total: number; minGapMs: number }>)[BOARD]!;
    // Arrival gaps can shrink a little against start gaps (event-loop delays); never to half.
    expect(stats.minGapMs).toBeGreaterThanOrEqual(INTERVAL_MS * 0.75);
    const tasks = await t.db.collection<TaskDoc>(FrontierCollections.frontier).find({ source: SOURCE }).toArray();
    expect(tasks.map((task) => task.visits).filter((v) => v !== 1)).toEqual([]);
    expect(tasks.filter((task) => task.state === 'queued' && task.notBefore <= sim.clock.now())).toEqual([]);
    expect(stats.total).toBe(tasks.length);
    expect(stats.total - before).toBe(result.summary.counts.pages);

    const posted = ((await (await fetch(`${sim.adminUrl}/_admin/boards`)).json()) as Record<string, { posted: number }>)[BOARD]!.posted;
    expect(await t.db.collection(Collections.messages).countDocuments({ source: SOURCE })).toBe(posted);
    const events = await t.db.collection<EventRecord>(Collections.events).find({}, { projection: { seq: 1, key: 1, type: 1 } }).toArray();
    const seqs = events.map((e) => e.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
    expect(new Set(events.map((e) => e.key)).size).toBe(events.length);
    expect(events.filter((e) => e.type === 'message.created')).toHaveLength(posted);
  });
});
