/**
 * A backfill killed with SIGKILL half way and started again ends with every message stored
 * exactly once and one event per message: the real CLI, the simulator, the real store.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { useTestDb } from '../helpers/test-db.js';

const t = useTestDb('resume');
const MESSAGES = 120;
let configFile: string;
let client: MongoClient;
let sim: RunningSimulator;

let stderr = '';

function crawl(): ChildProcess {
  const args = ['--import', 'tsx', 'src/cli/main.ts', 'crawl', '--source=rednet', `--config=${configFile}`];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, MONGODB_URI: t.uri, WZ_DATABASE: t.name, LOG_LEVEL: 'warn', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Drain both pipes: a child blocked on a full pipe would never finish.
  child.stdout?.resume();
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  return child;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wz-resume-'));
  configFile = path.join(dir, 'resume.json');
  // No deletions, so every posted message must end up stored.
  sim = await startSimulator({ seed: 5, messagesPerBoard: MESSAGES, lifecycle: { deleteRate: 0 } });
  // Short leases so the second run takes over the killed run's task quickly.
  const rednet = { baseUrl: sim.boards['rednet-people']!.baseUrl, options: { maxPages: 1000 }, fetch: { minIntervalMs: 0, jitterMs: 0 } };
  writeFileSync(configFile, JSON.stringify({ pipeline: { leaseMs: 2000 }, sources: { rednet } }));
  client = await MongoClient.connect(t.uri);
});

afterAll(async () => {
  await client.close();
  await sim?.close();
});

describe('backfill resume', () => {
  it('ends with every message exactly once after kill -9 and a restart', async () => {
    const db = client.db(t.name);
    const first = crawl();
    const firstExit = exited(first);
    // Kill it once part of the board is stored.
    for (let i = 0; i < 600; i++) {
      const n = await db.collection('messages').countDocuments({ source: 'rednet' }).catch(() => 0);
      if (n >= MESSAGES / 3) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    first.kill('SIGKILL');
    await firstExit;
    const partial = await db.collection('messages').countDocuments({ source: 'rednet' });
    expect(partial, stderr).toBeGreaterThan(0);
    expect(partial).toBeLessThan(MESSAGES);

    const second = crawl();
    expect(await exited(second), stderr).toBe(0);
    const stored = await db.collection('messages').countDocuments({ source: 'rednet' });
    expect(stored).toBe(MESSAGES);
    const versions = await db.collection('message_versions').countDocuments({ source: 'rednet' });
    expect(versions).toBe(stored); // nothing stored twice
    const events = await db.collection('events').find({ source: 'rednet' }).toArray();
    expect(events.length).toBe(stored);
    expect(new Set(events.map((e) => e.entityId)).size).toBe(stored);
    // The whole log (message and case events together) is gap-free.
    const all = (await db.collection('events').find({}, { projection: { seq: 1 } }).toArray()).map((e) => e.seq as number);
    expect(all.sort((a, b) => a - b)).toEqual(all.map((_, i) => i + 1));
  });
});
