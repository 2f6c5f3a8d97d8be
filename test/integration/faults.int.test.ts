/**
 * Simulator faults (5xx bursts, truncated or malformed bodies, a wrong charset, a changed
 * layout) end as retries, parse errors and dead letters with their bytes, never as a wrong
 * record: every message stored from the faulty boards equals the one a clean crawl stores.
 */
import type { Binary, Db } from 'mongodb';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSimulator, type RunningSimulator, type SimulatorOptionsInput } from '../../sim/index.js';
import type { AppWithStore } from '../../src/cli/app.js';
import { DEMO_SOURCE_OPTIONS, pointAtSimulator } from '../../src/cli/simulated.js';
import { AppConfigSchema } from '../../src/config/schema.js';
import { HostQueues } from '../../src/fetch/host-queues.js';
import { ensureFrontierSchema } from '../../src/frontier/ensure.js';
import { ensureCaseSchema } from '../../src/store/case-schemas.js';
import { buildRun } from '../../src/pipeline/build-run.js';
import { runSource, type RunResult } from '../../src/pipeline/run-source.js';
import { getSource } from '../../src/sources/registry.js';
import { ensureSchema } from '../../src/store/mongo.js';
import { Collections, type MessageRecord } from '../../src/store/schemas.js';
import { useTestDb } from '../helpers/test-db.js';

const t = useTestDb('faults');
const SOURCES = ['rednet', 'portal-dalian', 'renmin'];
const sims: RunningSimulator[] = [];
const base: SimulatorOptionsInput = { seed: 23, messagesPerBoard: 40, boards: { liuyan: { messages: 400 } } };
const faults = { serverErrorRate: 0.08, serverErrorBurst: 2, truncateRate: 0.06, wrongCharsetRate: 0.1, layoutChangeRate: 0.05 };

async function crawlInto(db: Db, sim: RunningSimulator, sources = SOURCES): Promise<Map<string, RunResult>> {
  await ensureSchema(db);
  await ensureFrontierSchema(db);
  await ensureCaseSchema(db);
  const settings = AppConfigSchema.parse({
    fetch: { minIntervalMs: 0, jitterMs: 0 },
    pipeline: { maxConsecutiveParseErrors: 50, maxFailedPagesRatio: 0.9 },
  });
  const config = pointAtSimulator(settings, sim, { minIntervalMs: 0, options: DEMO_SOURCE_OPTIONS });
  const app: AppWithStore = {
    config,
    log: pino({ level: 'silent' }),
    clock: sim.clock,
    store: { db, client: t.client, close: async () => {} },
    server: { uri: t.uri, embedded: false, dataDir: null, stop: async () => {} },
  };
  const queues = new HostQueues({ minIntervalMs: 0, jitterMs: 0 }, {});
  const results = new Map<string, RunResult>();
  for (const id of sources) {
    const run = buildRun(app, queues, { source: getSource(id), since: null, until: null, maxPages: 300 });
    results.set(id, await runSource({ ...run, waitForDueMs: 0 }));
  }
  return results;
}

beforeAll(async () => {
  sims.push(await startSimulator(base), await startSimulator({ ...base, faults }));
});

afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
  await t.client.db(`${t.name}_clean`).dropDatabase();
});

describe('faulty boards', () => {
  it('store only records identical to a clean crawl, and dead-letter the rest with bytes', async () => {
    const clean = t.client.db(`${t.name}_clean`);
    for (const r of (await crawlInto(clean, sims[0]!)).values()) expect(r.state).toBe('finished');
    for (const r of (await crawlInto(t.db, sims[1]!)).values()) expect(r.state).toBe('finished');
    const good = new Map(
      (await clean.collection<MessageRecord>(Collections.messages).find().toArray()).map((m) => [m._id, m]),
    );
    const stored = await t.db.collection<MessageRecord>(Collections.messages).find().toArray();
    // Most faults are one-offs that a second fetch gets past.
    expect(stored.length).toBeGreaterThan(good.size * 0.7);
    for (const m of stored) {
      const expected = good.get(m._id);
      expect(expected, m._id).toBeDefined();
      expect(m.contentHash, m._id).toBe(expected!.contentHash);
    }
    const dead = await t.db.collection(Collections.deadLetters).find().toArray();
    const codes = new Set(dead.map((d) => d.code as string));
    expect([...codes].every((c) => c.startsWith('ERR_PARSE') || c === 'ERR_HTTP_5XX' || c === 'ERR_HTTP_STATUS'), [...codes].join()).toBe(true);
    for (const d of dead.filter((x) => (x.code as string).startsWith('ERR_PARSE'))) {
      expect((d.bytes as Binary | null)?.buffer.length ?? 0, d.url as string).toBeGreaterThan(0);
    }
  });

  it('dead-letters the pages of a board whose layout changed for good, with their bytes, and stores nothing wrong', async () => {
    const changed = await startSimulator({ ...base, boards: { dalian: { faults: { layoutChangeRate: 1 } } } });
    sims.push(changed);
    const db = t.client.db(`${t.name}_changed`);
    const results = await crawlInto(db, changed, ['portal-dalian']);
    await db.collection(Collections.messages).countDocuments().then((n) => expect(n).toBe(0));
    const dead = await db.collection(Collections.deadLetters).find().toArray();
    expect(dead.length).toBeGreaterThan(0);
    for (const d of dead) {
      expect(d.code).toMatch(/^ERR_PARSE/);
      expect((d.bytes as Binary).buffer.length).toBeGreaterThan(100);
    }
    expect(results.get('portal-dalian')!.summary.counts.inserted).toBe(0);
    await db.dropDatabase();
  });
});
