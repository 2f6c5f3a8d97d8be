/**
 * Facts about the machine a benchmark ran on, plus process measurements that work for child
 * processes too (RSS sampling, CPU time of the embedded FerretDB read from /proc), so that
 * the crawl and memory benchmarks can charge the database's CPU to the pipeline honestly.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineFacts {
  date: string;
  nproc: number;
  memoryGb: number;
  cpuModel: string;
  node: string;
  loadAverage: string;
  commit: string;
}

function commitOf(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** The machine facts docs/benchmarks.md records next to every result. */
export function machineFacts(): MachineFacts {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) cpuModel = line.split(':')[1]?.trim() ?? cpuModel;
  } catch {
    // Not Linux: os.cpus() is the best we have.
  }
  return {
    date: new Date().toISOString(),
    nproc: os.availableParallelism(),
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    cpuModel,
    node: process.version,
    loadAverage: os.loadavg().map((x) => x.toFixed(2)).join(' '),
    commit: commitOf(),
  };
}

/** Clock ticks per second for /proc/<pid>/stat; 100 on every Linux we run on. */
const CLK_TCK = 100;

/** CPU seconds (user + system) a process has used so far, or null when it cannot be read. */
export function procCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return null;
  }
}

/** Pids of this process's children whose command name contains `name` (e.g. the FerretDB server). */
export function childPids(name: string, parent = process.pid): number[] {
  const out: number[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent && comm.includes(name)) out.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

export interface RssSample {
  /** Seconds since the sampler started. */
  t: number;
  rssMb: number;
  /** V8 heap in use: tells a growing JS heap from native or allocator growth. */
  heapMb: number;
}

/** The series a sampler's `liveFile` holds (its first three columns), e.g. after a timeout. */
export function readRssSamples(liveFile: string): RssSample[] {
  return readFileSync(liveFile, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number))
    .map(([t = 0, rssMb = 0, heapMb = 0]) => ({ t, rssMb, heapMb }));
}

/**
 * Samples this process's RSS every `intervalMs` until stopped. With `liveFile`, each sample
 * is also appended there as `t,rssMb,heapMb,heapTotalMb,externalMb`, so a long run killed by
 * its timeout still leaves its series; the last two tell what RSS holds beyond the heap in use
 * (heap reserved but free, and Buffers and other memory outside the V8 heap).
 */
export function startRssSampler(intervalMs = 1000, liveFile?: string): { stop(): RssSample[] } {
  const start = performance.now();
  const samples: RssSample[] = [];
  if (liveFile) writeFileSync(liveFile, 't,rssMb,heapMb,heapTotalMb,externalMb\n');
  const take = (): void => {
    const m = process.memoryUsage();
    const sample = { t: (performance.now() - start) / 1000, rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20 };
    samples.push(sample);
    const mb = (x: number): string => (x / 2 ** 20).toFixed(1);
    if (liveFile) appendFileSync(liveFile, `${sample.t.toFixed(1)},${sample.rssMb.toFixed(1)},${sample.heapMb.toFixed(1)},${mb(m.heapTotal)},${mb(m.external)}\n`);
  };
  take();
  const timer = setInterval(take, intervalMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

/** Least-squares slope of y over x (MB per second for RSS samples). */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += ((xs[i] ?? 0) - mx) * ((ys[i] ?? 0) - my);
    den += ((xs[i] ?? 0) - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** Resident set size of another process in MB (VmRSS), or null when it cannot be read. */
export function procRssMb(pid: number): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.replace(/\D+/g, ' ').trim().split(' ')[0]) / 1024 : null;
  } catch {
    return null;
  }
}
