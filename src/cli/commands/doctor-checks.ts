/** The checks `doctor` runs; each returns a plain verdict and, when it fails, a hint. */
import { access, constants } from 'node:fs/promises';

import type { AppConfig } from '../../config/schema.js';
import { allSources, sourceOptions } from '../../sources/registry.js';
import { resolveServer } from '../../store/local-server.js';
import { connectStore } from '../../store/mongo.js';
import { SCHEMA_VERSION } from '../../store/schemas.js';
import { CHROMIUM_ARGS } from '../../fetch/browser-fetcher.js';

export interface Verdict {
  name: string;
  ok: boolean;
  detail: string;
  hint?: string;
}

export async function checkSourcesConfig(config: AppConfig): Promise<Verdict> {
  try {
    for (const s of allSources()) sourceOptions(s, config);
    return { name: 'config', ok: true, detail: `valid (env ${config.env}, ${allSources().length} sources)` };
  } catch (err) {
    return { name: 'config', ok: false, detail: (err as Error).message, hint: 'fix the named field in config/*.json' };
  }
}

export async function checkDatabase(config: AppConfig, dataDir: string): Promise<Verdict> {
  let server;
  try {
    server = await resolveServer({ MONGODB_URI: config.mongo.uri }, { dataDir });
    const conn = await connectStore(server.uri, config.mongo.database);
    const meta = await conn.db.collection<{ _id: string; version: number }>('meta').findOne({ _id: 'schema' });
    await conn.close();
    const where = server.embedded ? `embedded FerretDB, data in ${dataDir}` : 'server from MONGODB_URI';
    const schema = meta ? `schema v${meta.version}` : 'empty (run `npm run cli -- init`)';
    const ok = !meta || meta.version <= SCHEMA_VERSION;
    return { name: 'database', ok, detail: `${where}, ${schema}`, ...(ok ? {} : { hint: 'upgrade this program: the database is newer' }) };
  } catch (err) {
    const hint = config.mongo.uri
      ? 'check MONGODB_URI (host, port, credentials) and that the server is up'
      : 'run `npm run setup` (needs Go) or set MONGODB_URI';
    return { name: 'database', ok: false, detail: (err as Error).message, hint };
  } finally {
    await server?.stop();
  }
}

export async function checkChromium(executablePath: string): Promise<Verdict> {
  try {
    await access(executablePath, constants.X_OK);
  } catch {
    return { name: 'chromium', ok: false, detail: `not found at ${executablePath}`, hint: 'run `npm run setup` as root (apt package chromium) or set CHROMIUM_PATH' };
  }
  try {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS], timeout: 30_000 });
    const version = browser.version();
    await browser.close();
    return { name: 'chromium', ok: true, detail: `${executablePath} starts headless (${version})` };
  } catch (err) {
    return { name: 'chromium', ok: false, detail: (err as Error).message.split('\n')[0] ?? 'launch failed', hint: 'check the Chromium install; sources that need a browser will fail' };
  }
}

export async function checkReachable(id: string, baseUrl: string, timeoutMs: number): Promise<Verdict> {
  const started = Date.now();
  try {
    const res = await fetch(baseUrl, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await res.body?.cancel();
    return { name: `source ${id}`, ok: true, detail: `${baseUrl} answered HTTP ${res.status} in ${Date.now() - started} ms` };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    return { name: `source ${id}`, ok: false, detail: `${baseUrl} unreachable (${cause})`, hint: 'check the network, or point sources.<id>.baseUrl at a mirror or the simulator' };
  }
}
