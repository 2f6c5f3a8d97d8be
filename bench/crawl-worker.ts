/**
 * One crawl in its own process, so that CPU time (process.cpuUsage) and peak RSS belong to
 * that crawler alone: the simulator runs in the parent and the embedded FerretDB is another
 * process. Started by bench/crawl.ts and bench/memory.ts; the job comes in BENCH_JOB (JSON)
 * and the result goes to stdout as one `BENCH_RESULT {json}` line.
 *
 * - `ours`: the whole pipeline (frontier, fetch, parse, normalize, store with versions and
 *   events) for the portal-jiamusi source, politeness off.
 * - `crawlee`: CheerioCrawler fetching the same list and detail pages and extracting the same
 *   fields with cheerio; it neither normalizes nor stores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { MongoClient } from 'mongodb';
import pino from 'pino';

import type { AppWithStore } from '../src/cli/app.js';
import { pointAtSimulator } from '../src/cli/simulated.js';
import { AppConfigSchema } from '../src/config/schema.js';
import { HostQueues } from '../src/fetch/host-queues.js';
import { ensureFrontierSchema } from '../src/frontier/ensure.js';
import { buildRun } from '../src/pipeline/build-run.js';
import { runSource } from '../src/pipeline/run-source.js';
import { systemClock } from '../src/shared/clock.js';
import { getSource } from '../src/sources/registry.js';
import { connectStore, ensureSchema, type StoreConnection } from '../src/store/mongo.js';
import { startRssSampler, type RssSample } from './machine.js';

export interface CrawlJob {
  impl: 'ours' | 'crawlee';
  /** Base URL of the simulated jiamusi board. */
  baseUrl: string;
  /** Database for `ours` (on MONGODB_URI). */
  database: string;
  /** Return the RSS samples (memory benchmark). */
  sampleRss?: boolean;
  /** Also append each RSS sample to this file as it is taken (survives a timeout). */
  samplesFile?: string;
  /** Count database commands by name and collection (where-the-time-goes diagnostics). */
  countCommands?: boolean;
  /**
   * Pages worked on at once: ours' pipeline.tasksInFlight (requests stay one at a time, the
   * host queue's concurrency is 1), crawlee's maxConcurrency (which also lets it make that
   * many requests at once). @default 1
   */
  tasksInFlight?: number;
}

export interface CrawlResult {
  impl: CrawlJob['impl'];
  pages: number;
  messages: number;
  failed: number;
  wallSec: number;
  cpuUserSec: number;
  cpuSystemSec: number;
  peakRssMb: number;
  samples?: RssSample[];
  commands?: Record<string, number>;
  /** With countCommands: milliseconds spent waiting for each kind of command, summed. */
  commandMs?: Record<string, number>;
}

/** The two list categories of the jiamusi replica (same as the portal preset). */
export const JIAMUSI_LISTS = ['/html/zmhd/page/jms_10030002_1.html', '/html/zmhd/page/jms_10030001_1.html'];

type Measured = Pick<CrawlResult, 'pages' | 'messages' | 'failed' | 'wallSec' | 'cpuUserSec' | 'cpuSystemSec'>;

/** Times only the crawl itself: imports, schema setup and teardown are left out for both sides. */
async function measured(crawl: () => Promise<Pick<CrawlResult, 'pages' | 'messages' | 'failed'>>): Promise<Measured> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const counts = await crawl();
  const wallSec = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { ...counts, wallSec, cpuUserSec: cpu.user / 1e6, cpuSystemSec: cpu.system / 1e6 };
}

async function runOurs(job: CrawlJob): Promise<Measured> {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('crawl-worker needs MONGODB_URI (the parent starts the server)');
  const conn = job.countCommands ? await monitoredStore(uri, job.database) : await connectStore(uri, job.database);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wz-bench-ours-'));
  try {
    await ensureSchema(conn.db);
    await ensureFrontierSchema(conn.db);
    const base = AppConfigSchema.parse({ dataDir, fetch: { minIntervalMs: 0, jitterMs: 0 }, pipeline: { tasksInFlight: job.tasksInFlight ?? 1 } });
    const boards = { jiamusi: { baseUrl: job.baseUrl } };
    // The portal preset stops after 5 list pages by default; a backfill wants them all.
    const config = pointAtSimulator(base, { boards }, { minIntervalMs: 0, options: { 'portal-jiamusi': { maxPages: 1_000_000 } } });
    const noServer = { uri, embedded: false, dataDir: null, stop: async () => {} };
    const app: AppWithStore = { config, log: pino({ level: 'silent' }), clock: systemClock, store: { ...conn, close: async () => {} }, server: noServer };
    const queues = new HostQueues({ minIntervalMs: 0, jitterMs: 0 });
    const input = buildRun(app, queues, { source: getSource('portal-jiamusi'), since: null, until: null, sweepId: `bench-${job.database}` });
    return await measured(async () => {
      const r = await runSource({ ...input, waitForDueMs: 0 });
      if (r.state !== 'finished') throw new Error(`our run ended ${r.state}: ${r.reason ?? ''}`);
      const c = r.summary.counts;
      // Deferred pages count as not done: the bench does not wait for their retry (waitForDueMs
      // 0), so under load a round can finish without them and the messages behind them.
      return { pages: c.pages, messages: c.inserted + c.updated + c.unchanged, failed: c.failed + c.deadLettered + c.deferred };
    });
  } finally {
    await conn.db.dropDatabase().catch(() => {});
    await conn.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const commandCounts: Record<string, number> = {};
const commandMs: Record<string, number> = {};

/**
 * The filter a command sends, if it has one: FerretDB's SQLite backend answers a filter on a
 * string `_id` alone from an index and scans the table for any other (docs/mongodb-subset.md).
 */
function filterOf(name: string, command: Record<string, unknown>): unknown {
  if (name === 'find') return command.filter ?? {};
  const statements = (command.updates ?? command.deletes) as Array<{ q?: unknown }> | undefined;
  if (name === 'update' || name === 'delete') return statements?.[0]?.q ?? {};
  if (name === 'count' || name === 'aggregate') return {};
  return null;
}

/** True for a command FerretDB answers by scanning: a filter that is not `{ _id: <string> }`. */
function scans(name: string, command: Record<string, unknown>): boolean {
  const filter = filterOf(name, command);
  if (filter === null || typeof filter !== 'object') return false;
  const keys = Object.keys(filter);
  return !(keys.length === 1 && keys[0] === '_id' && typeof (filter as { _id: unknown })._id === 'string');
}

/** Like connectStore, with command monitoring on, counting round trips and their time per kind. */
async function monitoredStore(uri: string, database: string): Promise<StoreConnection> {
  const client = new MongoClient(uri, { monitorCommands: true });
  await client.connect();
  const keys = new Map<number, string>();
  client.on('commandStarted', (e) => {
    const command = e.command as Record<string, unknown>;
    const coll = command[e.commandName];
    const kind = `${e.commandName} ${typeof coll === 'string' ? coll : ''}`.trim();
    const key = scans(e.commandName, command) ? `${kind} (scan)` : kind;
    keys.set(e.requestId, key);
    commandCounts[key] = (commandCounts[key] ?? 0) + 1;
  });
  const done = (e: { requestId: number; duration: number }): void => {
    const key = keys.get(e.requestId);
    keys.delete(e.requestId);
    if (key !== undefined) commandMs[key] = (commandMs[key] ?? 0) + e.duration;
  };
  client.on('commandSucceeded', done);
  client.on('commandFailed', done);
  return { client, db: client.db(database), close: () => client.close() };
}

async function runCrawlee(job: CrawlJob): Promise<Measured> {
  const { CheerioCrawler, Configuration, log, LogLevel } = await import('@crawlee/cheerio');
  log.setLevel(LogLevel.OFF);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wz-bench-crawlee-'));
  // In-memory request queue, nothing written under the repo's ./storage.
  const config = new Configuration({ persistStorage: false, purgeOnStart: true, storageClientOptions: { localDataDirectory: dir, persistStorage: false } });
  let pages = 0;
  let messages = 0;
  let failed = 0;
  const crawler = new CheerioCrawler(
    {
      maxConcurrency: job.tasksInFlight ?? 1,
      maxRequestRetries: 0,
      async requestHandler({ $, request, addRequests }) {
        pages++;
        if (request.label === 'DETAIL') {
          // The same fields our portal parser reads for this board.
          const fields = ['releaseMan', 'zxsj', 'title', 'conType', 'state', 'content', 'conDept', 'replyTime', 'replyContent'];
          const got = Object.fromEntries(fields.map((f) => [f, $(`span#${f}`).text().trim()]));
          if (got.title && got.content) messages++;
          return;
        }
        const details = $('ul#wszxList > li')
          .map((_i, li) => {
            const a = $(li).find('span:nth-of-type(1) > a');
            return { url: new URL(a.attr('href') ?? '', request.loadedUrl ?? request.url).href, label: 'DETAIL' };
          })
          .get();
        const next = $('div.pages a').attr('href');
        const follow = next ? [{ url: new URL(next, request.loadedUrl ?? request.url).href, label: 'LIST' }] : [];
        await addRequests([...details, ...follow]);
      },
      failedRequestHandler() {
        failed++;
      },
    },
    config,
  );
  try {
    return await measured(async () => {
      await crawler.run(JIAMUSI_LISTS.map((p) => ({ url: new URL(p, job.baseUrl).href, label: 'LIST' })));
      return { pages: pages + failed, messages, failed };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const job = JSON.parse(process.env.BENCH_JOB ?? '{}') as CrawlJob;
  const sampler = job.sampleRss ? startRssSampler(1000, job.samplesFile) : null;
  const counts = job.impl === 'ours' ? await runOurs(job) : await runCrawlee(job);
  const samples = sampler?.stop();
  const result: CrawlResult = {
    impl: job.impl,
    ...counts,
    // maxRSS is in KiB and covers the whole life of the process (imports included).
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    ...(samples ? { samples } : {}),
    ...(job.countCommands ? { commands: commandCounts, commandMs } : {}),
  };
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
}

await main();
process.exit(0);
