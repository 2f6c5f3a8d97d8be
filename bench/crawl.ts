/**
 * Crawl throughput, side by side: our whole pipeline vs crawlee's CheerioCrawler on the same
 * pages of the simulated 佳木斯 board (politeness off, one request at a time). Runs alternate
 * (ours, crawlee, crawlee, ours, …) so that load from other users of the machine falls on
 * both; the table reports medians and the ratio ours/crawlee.
 * Run alone: npx tsx bench/crawl.ts [--messages 3000] [--rounds 2] [--tasks-in-flight 1] [--profile] [--count-commands]
 *   [--sqlite-pragma P]… (embedded server only, e.g. synchronous(full) to compare with its default)
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { startSimulator } from '../sim/index.js';
import type { CrawlJob, CrawlResult } from './crawl-worker.js';
import { runWorker } from './spawn-worker.js';
import { positiveIntFlag } from './args.js';
import { startBenchServer } from './store-server.js';

export interface CrawlBenchOptions {
  /** Messages on the simulated board; the crawl fetches them all plus their list pages. */
  messages: number;
  rounds: number;
  /** Write a V8 CPU profile of our worker's last run into this directory. */
  profileDir?: string | undefined;
  /** Count our worker's database commands by kind (monitoring adds a little overhead). */
  countCommands?: boolean;
  /** Pages each side works on at once (CrawlJob.tasksInFlight). @default 1 */
  tasksInFlight?: number;
  /** SQLite pragmas for the embedded server, replacing its defaults of the same name (`synchronous(full)` to compare). */
  sqlitePragmas?: string[];
}

export interface CrawlSide {
  pages: number;
  messages: number;
  failed: number;
  pagesPerSec: number;
  messagesPerSec: number;
  /** CPU seconds of the crawler process per 1000 pages. */
  cpuSecPer1kPages: number;
  /** Same, plus the embedded database's CPU (ours only; 0 for crawlee). */
  cpuSecPer1kPagesWithDb: number;
  peakRssMb: number;
  wallSec: number;
}

export interface CrawlBench {
  messages: number;
  rounds: number;
  tasksInFlight: number;
  ours: CrawlSide;
  crawlee: CrawlSide;
  /** ours/crawlee pages per second, each round's pair compared, median over rounds. */
  speedRatio: number;
  embeddedDb: boolean;
  /** With countCommands: our database commands per page by `command collection`, last round. */
  commandsPerPage?: Record<string, number>;
  /** With countCommands: milliseconds per page waiting for each kind of command, last round. */
  commandMsPerPage?: Record<string, number>;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

function summarize(runs: Array<CrawlResult & { dbCpuSec: number }>): CrawlSide {
  const pick = (f: (r: CrawlResult & { dbCpuSec: number }) => number): number => median(runs.map(f));
  const cpu = (r: CrawlResult): number => r.cpuUserSec + r.cpuSystemSec;
  return {
    pages: pick((r) => r.pages),
    messages: pick((r) => r.messages),
    // The worst round, not the median: one short round is what a reader must see.
    failed: Math.max(...runs.map((r) => r.failed)),
    pagesPerSec: pick((r) => r.pages / r.wallSec),
    messagesPerSec: pick((r) => r.messages / r.wallSec),
    cpuSecPer1kPages: pick((r) => (cpu(r) / r.pages) * 1000),
    cpuSecPer1kPagesWithDb: pick((r) => ((cpu(r) + r.dbCpuSec) / r.pages) * 1000),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
    wallSec: pick((r) => r.wallSec),
  };
}

/** Runs the side-by-side crawl benchmark. */
export async function benchCrawl(opts: CrawlBenchOptions): Promise<CrawlBench> {
  const server = await startBenchServer(opts.sqlitePragmas ? { sqlitePragmas: opts.sqlitePragmas } : {});
  const tasksInFlight = opts.tasksInFlight ?? 1;
  const sim = await startSimulator({ seed: 7, messagesPerBoard: 100, boards: { jiamusi: { messages: opts.messages } } });
  const baseUrl = sim.boards.jiamusi?.baseUrl;
  if (!baseUrl) throw new Error('simulator has no jiamusi board');
  const ours: Array<CrawlResult & { dbCpuSec: number }> = [];
  const crawlee: Array<CrawlResult & { dbCpuSec: number }> = [];
  try {
    for (let round = 0; round < opts.rounds; round++) {
      const order: Array<CrawlJob['impl']> = round % 2 === 0 ? ['ours', 'crawlee'] : ['crawlee', 'ours'];
      for (const impl of order) {
        const job: CrawlJob = {
          impl,
          baseUrl,
          database: `bench_crawl_${process.pid}_${round}`,
          tasksInFlight,
          ...(opts.countCommands && impl === 'ours' ? { countCommands: true } : {}),
        };
        const profile = impl === 'ours' && opts.profileDir && round === opts.rounds - 1;
        if (profile && opts.profileDir) mkdirSync(opts.profileDir, { recursive: true });
        const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : [];
        const db0 = server.cpuSeconds() ?? 0;
        const r = await runWorker(job, { env: { MONGODB_URI: server.uri }, nodeArgs, timeoutMs: 15 * 60_000 });
        const dbCpuSec = impl === 'ours' ? (server.cpuSeconds() ?? 0) - db0 : 0;
        (impl === 'ours' ? ours : crawlee).push({ ...r, dbCpuSec });
      }
    }
  } finally {
    await sim.close();
    await server.stop();
  }
  const ratios = ours.map((o, i) => o.pages / o.wallSec / ((crawlee[i]?.pages ?? 0) / (crawlee[i]?.wallSec ?? 1)));
  const result: CrawlBench = { messages: opts.messages, rounds: opts.rounds, tasksInFlight, ours: summarize(ours), crawlee: summarize(crawlee), speedRatio: median(ratios), embeddedDb: server.embedded };
  const last = ours[ours.length - 1];
  if (last?.commands) result.commandsPerPage = perPage(last.commands, last.pages);
  if (last?.commandMs) result.commandMsPerPage = perPage(last.commandMs, last.pages);
  return result;
}

function perPage(counts: Record<string, number>, pages: number): Record<string, number> {
  const rows = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((sum, [, n]) => sum + n, 0);
  return Object.fromEntries([['total', total], ...rows].map(([k, n]) => [k, Math.round(((n as number) / Math.max(1, pages)) * 100) / 100]));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string' }, rounds: { type: 'string' }, profile: { type: 'boolean' }, 'count-commands': { type: 'boolean' }, 'tasks-in-flight': { type: 'string' },
      'sqlite-pragma': { type: 'string', multiple: true },
    },
  });
  const profileDir = values.profile ? path.join(os.tmpdir(), `wz-bench-prof-${process.pid}`) : undefined;
  const tasksInFlight = positiveIntFlag('tasks-in-flight', values['tasks-in-flight'], 1);
  const sqlitePragmas = values['sqlite-pragma'];
  const r = await benchCrawl({ messages: Number(values.messages ?? 3000), rounds: Number(values.rounds ?? 2), profileDir, countCommands: values['count-commands'] === true, tasksInFlight, ...(sqlitePragmas ? { sqlitePragmas } : {}) });
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  if (profileDir) process.stdout.write(`profile written to ${profileDir}\n`);
}
