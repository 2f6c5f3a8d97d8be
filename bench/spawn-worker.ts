/**
 * Starts bench/crawl-worker.ts in a child Node process and reads its result line. A child per
 * run keeps CPU time and peak RSS per crawler clean and lets `--cpu-prof` profile one of them.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { CrawlJob, CrawlResult } from './crawl-worker.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface SpawnOptions {
  env: Record<string, string | undefined>;
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/x']. */
  nodeArgs?: string[];
  /** Kill the child after this long. */
  timeoutMs: number;
}

/** The child was killed at `timeoutMs`: it reported nothing, but its database and samples file remain. */
export class WorkerTimeoutError extends Error {
  override name = 'WorkerTimeoutError';
}

/** Runs one crawl job in a child process and returns its result. */
export function runWorker(job: CrawlJob, opts: SpawnOptions): Promise<CrawlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', path.join(here, 'crawl-worker.ts')], {
      env: { ...process.env, ...opts.env, BENCH_JOB: JSON.stringify(job) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('BENCH_RESULT '.length)) as CrawlResult);
      else if (timedOut) reject(new WorkerTimeoutError(`${job.impl} worker killed after ${opts.timeoutMs} ms`));
      else reject(new Error(`${job.impl} worker exited ${code}: ${err.trim().slice(-1500)}`));
    });
  });
}
