/**
 * The daemon (`npm start -- --simulator`): it collects from every source, reports health and
 * metrics, and on SIGTERM stops taking work, hands back its tasks and exits 0.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';

import { useTestDb } from '../helpers/test-db.js';

const t = useTestDb('daemon');
let client: MongoClient | undefined;

afterAll(async () => {
  await client?.db(`${t.name}_sim`).dropDatabase();
  await client?.close();
});

describe('daemon', () => {
  it('collects until stopped, serves health and metrics, and shuts down cleanly', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wz-daemon-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'schedule', '--simulator', '--port=0'], {
      env: { ...process.env, MONGODB_URI: t.uri, WZ_DATABASE: t.name, WZ_DATA_DIR: dataDir, LOG_LEVEL: 'info', NODE_ENV: 'test' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const until = async (pred: () => boolean, ms: number) => {
      for (const end = Date.now() + ms; Date.now() < end && !pred(); ) await new Promise((r) => setTimeout(r, 200));
      return pred();
    };
    expect(await until(() => /"msg":"daemon running"/.test(log), 60_000), log.slice(-2000)).toBe(true);
    const health = /"health":"([^"]+)"/.exec(log)![1]!;
    expect(await until(() => (log.match(/"msg":"source run finished"/g) ?? []).length >= 3, 90_000), log.slice(-2000)).toBe(true);
    const status = (await (await fetch(health)).json()) as { status: string; sources: Record<string, { lastState: string | null }> };
    expect(status.status).toBe('ok');
    expect(Object.values(status.sources).some((s) => s.lastState === 'finished')).toBe(true);
    const metrics = await (await fetch(health.replace('/health', '/metrics'))).text();
    expect(metrics).toMatch(/wenzheng_pages_total\{source="[a-z-]+"\} [1-9]/);
    client = await MongoClient.connect(t.uri);
    expect(await client.db(`${t.name}_sim`).collection('messages').countDocuments()).toBeGreaterThan(0);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(log).toMatch(/"msg":"scheduler stopped"/);
  });
});
