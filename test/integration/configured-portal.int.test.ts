/**
 * Adding a city is a config entry: a portal declared under `portals` in a config file, on
 * one of the presets, is crawled by the real CLI from the simulator into the real store.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { Collections, type MessageRecord } from '../../src/store/schemas.js';
import { useTestDb } from '../helpers/test-db.js';

const run = promisify(execFile);
const t = useTestDb('cfgportal');
let sim: RunningSimulator;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 41, messagesPerBoard: 5, lifecycle: { deleteRate: 0 }, boards: { jiamusi: { messages: 24 } } });
  dir = mkdtempSync(path.join(os.tmpdir(), 'wz-portal-'));
});

afterAll(async () => {
  await sim?.close();
});

function cli(args: string[]) {
  const env = { ...process.env, MONGODB_URI: t.uri, WZ_DATABASE: t.name, LOG_LEVEL: 'warn', NODE_ENV: 'test' };
  return run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env, maxBuffer: 8 << 20 });
}

describe('a city portal added by config', () => {
  it('is listed, crawled and stored under its own source id with its region', async () => {
    const file = path.join(dir, 'hegang.json');
    const portal = { id: 'portal-hegang', name: '鹤岗市 政民互动', baseUrl: 'http://www.hegang.gov.cn', preset: 'jiamusi', overrides: { regionHint: '黑龙江省 鹤岗市' } };
    // The simulator's 佳木斯-style board stands in for the new city's site.
    const sources = { 'portal-hegang': { baseUrl: sim.boards.jiamusi!.baseUrl, fetch: { minIntervalMs: 0, jitterMs: 0 }, options: { maxPages: 50 } } };
    writeFileSync(file, JSON.stringify({ portals: [portal], sources }));

    const listed = await cli(['sources', `--config=${file}`]);
    expect(listed.stdout).toContain('portal-hegang');
    await cli(['crawl', '--source=portal-hegang', `--config=${file}`]);

    const posted = ((await (await fetch(`${sim.adminUrl}/_admin/boards`)).json()) as Record<string, { posted: number }>).jiamusi!.posted;
    const stored = await t.db.collection<MessageRecord>(Collections.messages).find({ source: 'portal-hegang' }).toArray();
    expect(stored).toHaveLength(posted);
    expect(stored.every((m) => m.region.city === '鹤岗市' && m.body.length > 0)).toBe(true);
  });

  it('names the bad field and exits 2 when the entry is wrong', async () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ portals: [{ id: 'portal-x', name: 'x', baseUrl: 'http://x.example', preset: 'nope' }] }));
    const failed = await cli(['sources', `--config=${file}`]).then(() => null, (err: { code: number; stderr: string }) => err);
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain('portals[0].preset');
  });
});
