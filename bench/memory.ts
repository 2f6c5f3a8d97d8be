/**
 * Memory through a backfill: our whole pipeline crawls N messages of the simulated 佳木斯
 * board into a fresh database while its process samples RSS every second. Reports the peak,
 * RSS at 25/50/75/100% of the run and the least-squares slope over the second half (after
 * start-up and JIT warm-up), and how long 200,000 messages would take at the measured rate.
 * Run alone: npx tsx bench/memory.ts [--messages 3000] [--timeout-min 30] [--samples-out rss.csv]
 *   [--max-old-space-mb 160]   (V8's old-space limit for the crawler process, as `node --max-old-space-size`)
 *   [--tasks-in-flight 1]      (pipeline.tasksInFlight of the crawl)
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { MongoClient } from 'mongodb';

import { startSimulator } from '../sim/index.js';
import { Collections } from '../src/store/schemas.js';
import { readRssSamples, slope, type RssSample } from './machine.js';
import { runWorker, WorkerTimeoutError } from './spawn-worker.js';
import { positiveIntFlag } from './args.js';
import { startBenchServer } from './store-server.js';

export interface MemoryBench {
  messages: number;
  /** pipeline.tasksInFlight of the crawl. */
  tasksInFlight: number;
  /** V8's old-space bound of the crawler process (--max-old-space-size), null for V8's own. */
  maxOldSpaceMb: number | null;
  pages: number;
  wallSec: number;
  messagesPerSec: number;
  peakRssMb: number;
  /** RSS (MB) at 25, 50, 75 and 100% of the run. */
  quartilesMb: number[];
  /** V8 heap in use (MB) at 25, 50, 75 and 100% of the run. */
  heapQuartilesMb: number[];
  /** Slope of RSS over the second half of the run, MB per minute. */
  slopeMbPerMin: number;
  /** The same slope per 1000 messages crawled. */
  slopeMbPer1kMessages: number;
  /** Embedded FerretDB resident memory when the crawl ended (not in peakRssMb). */
  dbRssMb: number | null;
  /**
   * Embedded FerretDB resident memory sampled every 5 s during the run: peak and at 25, 50,
   * 75 and 100%; null for an external server. Sampling stops when the crawl does, before a
   * timed-out run counts its messages.
   */
  dbPeakRssMb: number | null;
  dbQuartilesMb: number[] | null;
  /** Hours 200,000 messages would take at the measured rate. */
  hoursFor200k: number;
  samples: number;
  /** The run hit --timeout-min: messages counted in its database, pages unknown (0), samples read from --samples-out. */
  timedOut?: boolean;
}

function sampleAt(samples: readonly RssSample[], fraction: number, field: 'rssMb' | 'heapMb'): number {
  const end = samples[samples.length - 1]?.t ?? 0;
  const s = samples.find((x) => x.t >= end * fraction) ?? samples[samples.length - 1];
  return Math.round((s?.[field] ?? 0) * 10) / 10;
}

/** Runs one backfill of `messages` messages and analyses its RSS samples. */
export async function benchMemory(opts: { messages: number; timeoutMin?: number; samplesOut?: string; maxOldSpaceMb?: number; tasksInFlight?: number }): Promise<MemoryBench> {
  const server = await startBenchServer();
  const sim = await startSimulator({ seed: 9, messagesPerBoard: 100, boards: { jiamusi: { messages: opts.messages } } });
  const baseUrl = sim.boards.jiamusi?.baseUrl;
  if (!baseUrl) throw new Error('simulator has no jiamusi board');
  const database = `bench_memory_${process.pid}`;
  const dbSamples: RssSample[] = [];
  const t0 = Date.now();
  const dbSampler = setInterval(() => {
    const mb = server.rssMb();
    if (mb !== null) dbSamples.push({ t: (Date.now() - t0) / 1000, rssMb: mb, heapMb: 0 });
  }, 5_000);
  // The server's figures stop when the crawl does: a timed-out run's count of its messages
  // (below) makes FerretDB v1 load the whole collection (1,133 MB after 56,167 messages).
  let dbRssMb: number | null = null;
  const stopDbSampling = (): void => {
    clearInterval(dbSampler);
    dbRssMb ??= server.rssMb();
  };
  try {
    const r = await runWorker(
      { impl: 'ours', baseUrl, database, sampleRss: true, samplesFile: opts.samplesOut, tasksInFlight: opts.tasksInFlight ?? 1 },
      {
        env: { MONGODB_URI: server.uri },
        timeoutMs: (opts.timeoutMin ?? 30) * 60_000,
        ...(opts.maxOldSpaceMb ? { nodeArgs: [`--max-old-space-size=${opts.maxOldSpaceMb}`] } : {}),
      },
    )
      .finally(stopDbSampling)
      .catch(async (err: unknown) => {
        // A run cut by its timeout still says how far it got: the database and the samples file remain.
        if (!(err instanceof WorkerTimeoutError) || !opts.samplesOut) throw err;
        return partialResult(server.uri, database, opts.samplesOut);
      });
    const samples = r.samples ?? [];
    const end = samples[samples.length - 1]?.t ?? 0;
    const late = samples.filter((s) => s.t >= end / 2);
    const perSec = slope(
      late.map((s) => s.t),
      late.map((s) => s.rssMb),
    );
    const messagesPerSec = r.messages / r.wallSec;
    return {
      messages: r.messages,
      tasksInFlight: opts.tasksInFlight ?? 1,
      maxOldSpaceMb: opts.maxOldSpaceMb ?? null,
      pages: r.pages,
      wallSec: r.wallSec,
      messagesPerSec,
      peakRssMb: r.peakRssMb,
      quartilesMb: [0.25, 0.5, 0.75, 1].map((f) => sampleAt(samples, f, 'rssMb')),
      heapQuartilesMb: [0.25, 0.5, 0.75, 1].map((f) => sampleAt(samples, f, 'heapMb')),
      slopeMbPerMin: perSec * 60,
      slopeMbPer1kMessages: messagesPerSec > 0 ? (perSec / messagesPerSec) * 1000 : 0,
      dbRssMb: dbRssMb === null ? null : Math.round(dbRssMb),
      dbPeakRssMb: dbSamples.length ? Math.round(Math.max(...dbSamples.map((x) => x.rssMb))) : null,
      dbQuartilesMb: dbSamples.length ? [0.25, 0.5, 0.75, 1].map((f) => sampleAt(dbSamples, f, 'rssMb')) : null,
      hoursFor200k: messagesPerSec > 0 ? 200_000 / messagesPerSec / 3600 : Infinity,
      samples: samples.length,
      ...('timedOut' in r ? { timedOut: true } : {}),
    };
  } finally {
    await sim.close();
    await server.stop();
  }
}

/** What a timed-out run did: messages stored in its database, its samples from the file. */
async function partialResult(uri: string, database: string, samplesFile: string) {
  const client = new MongoClient(uri);
  try {
    const messages = await client.db(database).collection(Collections.messages).countDocuments({});
    const samples = readRssSamples(samplesFile);
    const wallSec = samples[samples.length - 1]?.t ?? 0;
    return { messages, pages: 0, wallSec, peakRssMb: Math.max(...samples.map((s) => s.rssMb)), samples, timedOut: true as const };
  } finally {
    await client.db(database).dropDatabase().catch(() => {});
    await client.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string' },
      'timeout-min': { type: 'string' },
      'samples-out': { type: 'string' },
      'max-old-space-mb': { type: 'string' },
      'tasks-in-flight': { type: 'string' },
    },
  });
  const tasksInFlight = positiveIntFlag('tasks-in-flight', values['tasks-in-flight'], 1);
  const maxOld = values['max-old-space-mb'] === undefined ? undefined : Number(values['max-old-space-mb']);
  if (maxOld !== undefined && !(Number.isInteger(maxOld) && maxOld >= 64)) {
    process.stderr.write(`--max-old-space-mb must be an integer of at least 64, got "${values['max-old-space-mb']}"\n`);
    process.exit(2);
  }
  const result = await benchMemory({
    messages: Number(values.messages ?? 3000),
    timeoutMin: Number(values['timeout-min'] ?? 30),
    samplesOut: values['samples-out'],
    ...(maxOld !== undefined ? { maxOldSpaceMb: maxOld } : {}),
    tasksInFlight,
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
