/** `crawl --dry-run` fetches and parses from the simulator over HTTP and writes nothing. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { useTestDb } from '../helpers/test-db.js';

const run = promisify(execFile);
const t = useTestDb('dryrun');
let sim: RunningSimulator;
let configFile: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 9, messagesPerBoard: 30 });
  configFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'wz-dry-')), 'c.json');
  writeFileSync(configFile, JSON.stringify({ sources: { rednet: { baseUrl: sim.boards['rednet-people']!.baseUrl, fetch: { minIntervalMs: 0, jitterMs: 0 } } } }));
});

afterAll(async () => {
  await sim?.close();
});

describe('crawl --dry-run', () => {
  it('lists what it would store and writes nothing', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'crawl', '--source=rednet', '--dry-run', '--max-pages=4', `--config=${configFile}`], {
      env: { ...process.env, MONGODB_URI: t.uri, WZ_DATABASE: t.name, LOG_LEVEL: 'silent' },
    });
    expect(stdout).toMatch(/^list \/front\/msg\/list: 0 messages, \d+ links$/m);
    expect((stdout.match(/^detail .*: 1 messages/gm) ?? []).length).toBe(3);
    expect(stdout).toMatch(/dry run: 4 pages fetched, 0 failed, \d+ links not followed .* nothing was stored/);
    const client = await MongoClient.connect(t.uri);
    try {
      expect(await client.db(t.name).listCollections().toArray()).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
