/**
 * The database stops in the middle of a run and comes back: the run waits for it, resumes,
 * and ends with every message stored once and a gap-free event log. The test runs its own
 * embedded FerretDB (it has to stop and restart it on the same port and data directory).
 */
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import type { AppWithStore } from '../../src/cli/app.js';
import { pointAtSimulator, SIMULATED_BOARD } from '../../src/cli/simulated.js';
import { AppConfigSchema } from '../../src/config/schema.js';
import { ensureFrontierSchema } from '../../src/frontier/ensure.js';
import { buildRun, createHostQueues } from '../../src/pipeline/build-run.js';
import { runSource } from '../../src/pipeline/run-source.js';
import { getSource } from '../../src/sources/registry.js';
import { ensureCaseSchema } from '../../src/store/case-schemas.js';
import { startLocalServer, type ServerHandle } from '../../src/store/local-server.js';
import { connectStore, ensureSchema, type StoreConnection } from '../../src/store/mongo.js';
import { Collections, type EventRecord, type MessageRecord } from '../../src/store/schemas.js';

const SOURCE = 'rednet';
const BOARD = SIMULATED_BOARD[SOURCE]!;
let sim: RunningSimulator;
let server: ServerHandle;
let conn: StoreConnection;
let dataDir: string;
let listen: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'wz-outage-'));
  listen = `127.0.0.1:${await freePort()}`;
  server = await startLocalServer({ dataDir, listen });
  conn = await connectStore(server.uri, 'outage');
  await ensureSchema(conn.db);
  await ensureFrontierSchema(conn.db);
  await ensureCaseSchema(conn.db);
  sim = await startSimulator({ seed: 53, messagesPerBoard: 5, lifecycle: { deleteRate: 0 }, boards: { [BOARD]: { messages: 30 } } });
});

afterAll(async () => {
  await conn?.close();
  await server?.stop();
  await sim?.close();
});

describe('database outage in the middle of a run', () => {
  it('waits for the store, resumes, and loses nothing', async () => {
    const base = AppConfigSchema.parse({ fetch: { minIntervalMs: 50, jitterMs: 0 } });
    const config = pointAtSimulator(base, sim, { minIntervalMs: 50, options: { [SOURCE]: { maxPages: 100 } } });
    const noServer = { uri: server.uri, embedded: false, dataDir: null, stop: async () => {} };
    const app: AppWithStore = { config, log: pino({ level: 'silent' }), clock: sim.clock, store: { db: conn.db, client: conn.client, close: async () => {} }, server: noServer };
    const input = buildRun(app, createHostQueues(app), { source: getSource(SOURCE), since: null, until: null, sweepId: 'outage' });

    let outage: Promise<void> | null = null;
    let pagesAtOutage = 0;
    const result = await runSource({
      ...input,
      waitForDueMs: 0,
      onProgress: (s) => {
        if (outage || s.counts.pages < 8) return;
        pagesAtOutage = s.counts.pages;
        outage = (async () => {
          await server.stop();
          await new Promise((r) => setTimeout(r, 3000));
          server = await startLocalServer({ dataDir, listen });
        })();
      },
    });
    await outage;

    expect(result.state, result.reason ?? '').toBe('finished');
    expect(pagesAtOutage).toBeGreaterThan(0);
    expect(result.summary.counts.pages).toBeGreaterThan(pagesAtOutage);
    const posted = ((await (await fetch(`${sim.adminUrl}/_admin/boards`)).json()) as Record<string, { posted: number }>)[BOARD]!.posted;
    const messages = await conn.db.collection<MessageRecord>(Collections.messages).find({ source: SOURCE }).toArray();
    expect(messages).toHaveLength(posted);
    const events = await conn.db.collection<EventRecord>(Collections.events).find({ entity: 'message' }).toArray();
    const created = events.filter((e) => e.type === 'message.created').map((e) => e.entityId);
    expect(new Set(created).size).toBe(created.length);
    expect(created.sort()).toEqual(messages.map((m) => m._id).sort());
    const seqs = (await conn.db.collection<EventRecord>(Collections.events).find({}).toArray()).map((e) => e.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(seqs.map((_s, i) => i + 1));
  });
});
