/**
 * Two workers on one database, each with its own connection, frontier identity and host
 * queues, crawl one source together: no page is fetched twice, every message is stored once,
 * and the host sees the configured interval between requests across both workers (shared
 * host slots), so the simulator's WAF never trips.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import type { AppWithStore } from '../../src/cli/app.js';
import { pointAtSimulator, SIMULATED_BOARD } from '../../src/cli/simulated.js';
import { AppConfigSchema } from '../../src/config/schema.js';
import { ensureFrontierSchema } from '../../src/frontier/ensure.js';
import { Frontier } from '../../src/frontier/frontier.js';
import { Collections as FrontierCollections, type TaskDoc } from '../../src/frontier/schemas.js';
import { buildRun, createHostQueues } from '../../src/pipeline/build-run.js';
import { runSource, type RunResult } from '../../src/pipeline/run-source.js';
import { getSource } from '../../src/sources/registry.js';
import { ensureCaseSchema } from '../../src/store/case-schemas.js';
import { connectStore, ensureSchema, type StoreConnection } from '../../src/store/mongo.js';
import { Collections } from '../../src/store/schemas.js';
import { useTestDb } from '../helpers/test-db.js';

const t = useTestDb('workers');
const SOURCE = 'rednet';
const BOARD = SIMULATED_BOARD[SOURCE]!;
const INTERVAL_MS = 250;
let sim: RunningSimulator;
let conns: StoreConnection[] = [];

beforeAll(async () => {
  // The WAF allows 6 requests per second: one worker alone at 4/s passes, two unshared at 8/s would not.
  sim = await startSimulator({
    seed: 31,
    messagesPerBoard: 5,
    lifecycle: { deleteRate: 0 },
    boards: { [BOARD]: { messages: 36, waf: { maxRequests: 6, windowMs: 1000, action: '429' } } },
  });
  await ensureSchema(t.db);
  await ensureFrontierSchema(t.db);
  await ensureCaseSchema(t.db);
  conns = await Promise.all([0, 1].map(() => connectStore(t.uri, t.name)));
});

afterAll(async () => {
  await Promise.all(conns.map((c) => c.close()));
  await sim?.close();
});

function worker(i: number): AppWithStore {
  const base = AppConfigSchema.parse({ fetch: { minIntervalMs: INTERVAL_MS, jitterMs: 0 } });
  const config = pointAtSimulator(base, sim, { minIntervalMs: INTERVAL_MS, options: { [SOURCE]: { maxPages: 100 } } });
  const conn = conns[i]!;
  const noServer = { uri: t.uri, embedded: false, dataDir: null, stop: async () => {} };
  return { config, log: pino({ level: 'silent' }), clock: sim.clock, store: { db: conn.db, client: conn.client, close: async () => {} }, server: noServer };
}

async function run(i: number, onProgress?: (pages: number) => void): Promise<RunResult> {
  const app = worker(i);
  const input = buildRun(app, createHostQueues(app), { source: getSource(SOURCE), since: null, until: null, sweepId: 'shared-sweep' });
  // Distinct worker identities, as two processes would have.
  const frontier = new Frontier(app.store.db, app.clock, { workerId: `worker-${i}`, leaseMs: 30_000 });
  return runSource({ ...input, frontier, waitForDueMs: 0, onProgress: (s) => onProgress?.(s.counts.pages) });
}

describe('two workers on one database', () => {
  it('share the work without doing any page twice and hold the per-host interval together', async () => {
    await fetch(`${sim.adminUrl}/_admin/stats/reset`, { method: 'POST' });
    let startSecond!: () => void;
    const secondMayStart = new Promise<void>((resolve) => (startSecond = resolve));
    // The second worker joins once the first list page has queued detail tasks to share.
    const first = run(0, (pages) => pages >= 1 && startSecond());
    const second = secondMayStart.then(() => run(1));
    const [a, b] = await Promise.all([first, second]);

    for (const r of [a, b]) expect(r.state, r.reason ?? '').toBe('finished');
    expect(b.summary.counts.pages, 'the second worker did part of the work').toBeGreaterThan(3);
    const stats = ((await (await fetch(`${sim.adminUrl}/_admin/stats`)).json()) as Record<string, { total: number; wafBlocked: number; minGapMs: number }>)[BOARD]!;
    expect(stats.wafBlocked).toBe(0);
    // Arrival gaps can shrink a little against start gaps (event-loop delays); never to half.
    expect(stats.minGapMs).toBeGreaterThanOrEqual(INTERVAL_MS * 0.75);

    const fetched = a.summary.counts.pages + b.summary.counts.pages;
    expect(stats.total).toBe(fetched);
    const tasks = await t.db.collection<TaskDoc>(FrontierCollections.frontier).find({ source: SOURCE }).toArray();
    // One fetch per task: nothing fetched twice, nothing left undone (open messages stay
    // queued for their re-visit, hours ahead).
    expect(tasks.map((task) => task.visits).filter((v) => v !== 1)).toEqual([]);
    expect(tasks.filter((task) => task.state === 'queued' && task.notBefore <= sim.clock.now())).toEqual([]);
    expect(fetched).toBe(tasks.length);
    const posted = ((await (await fetch(`${sim.adminUrl}/_admin/boards`)).json()) as Record<string, { posted: number }>)[BOARD]!.posted;
    expect(a.summary.counts.inserted + b.summary.counts.inserted).toBe(posted);
    expect(await t.db.collection(Collections.messages).countDocuments({ source: SOURCE })).toBe(posted);
  });
});
