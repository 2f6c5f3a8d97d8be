/**
 * `npm run bench [-- --quick] [-- --only=crawl|memory|freshness|normalize|dedup[,…]]`: runs
 * the benchmarks of issue 9, prints a summary and rewrites the generated section of
 * docs/benchmarks.md. A full run stays under ~10 minutes on 2 shared cores; --quick is ~2.
 * Add --no-write to leave the doc alone (e.g. while trying things).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { benchCommandCost } from './command-cost.js';
import { benchCrawl } from './crawl.js';
import { benchFreshness } from './freshness/model.js';
import { DAY } from './freshness/world.js';
import { machineFacts } from './machine.js';
import { benchMemory } from './memory.js';
import { benchNormalize } from './normalize.js';
import { benchStoreMemory } from './store-memory.js';
import { renderResults, writeDoc, type BenchResults } from './report.js';

const PARTS = ['crawl', 'normalize', 'dedup', 'memory', 'freshness'] as const;
type Part = (typeof PARTS)[number];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DOC = path.join(root, 'docs', 'benchmarks.md');
const INTRO = '# Benchmarks\n\nProduced by `npm run bench` (bench/run.ts); the section between the markers is rewritten on every run.\n';

/** Sizes per mode, chosen so the full run fits in ~10 minutes on this project's 2-core machine. */
const SIZES = {
  quick: { crawlMessages: 300, crawlRounds: 1, memoryMessages: 600, storeMemoryRounds: 10, normalize: 5000, dedupSizes: [1000], dedupWindow: 100, freshnessDays: 5, freshnessHosts: [1] },
  full: { crawlMessages: 1500, crawlRounds: 2, memoryMessages: 2500, storeMemoryRounds: 40, normalize: 20_000, dedupSizes: [2000, 10_000], dedupWindow: 200, freshnessDays: 9, freshnessHosts: [1, 10] },
};

/**
 * Pages the crawl works on at once (pipeline.tasksInFlight; crawlee's maxConcurrency): 2 and 4
 * both gave ours ~1.45x the pages/s of 1 on this machine, at the same CPU per page
 * (docs/benchmarks.md, "Tasks in flight"). The backfill keeps the pipeline's default (1).
 */
const CRAWL_TASKS_IN_FLIGHT = 4;

/**
 * The backfill measures memory as `npm run crawl` runs: read from that script, which bounds
 * V8's old space (without a bound 4 pages in flight passed 300 MB within minutes, 2026-12-02).
 */
function crawlScriptOldSpaceMb(): number {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts?: Record<string, string> };
  const m = /--max-old-space-size=(\d+)/.exec(pkg.scripts?.crawl ?? '');
  if (!m) throw new Error('package.json scripts.crawl sets no --max-old-space-size');
  return Number(m[1]);
}

async function dedupPart(sizes: number[], window: number): Promise<NonNullable<BenchResults['dedup']>> {
  // bench/dedup.ts belongs to the dedup work in progress: use it only if it loads and runs.
  try {
    const mod = (await import('./dedup.js')) as Partial<typeof import('./dedup.js')>;
    if (typeof mod.benchDedup !== 'function') return { error: 'bench/dedup.ts exports no benchDedup' };
    return await mod.benchDedup({ sizes, window });
  } catch (err) {
    return { error: err instanceof Error ? err.message.split('\n')[0] ?? 'failed' : String(err) };
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' }, 'no-write': { type: 'boolean' } } });
  const only = values.only ? values.only.split(',') : [...PARTS];
  const unknown = only.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length > 0) {
    process.stderr.write(`unknown --only part(s): ${unknown.join(', ')} (expected ${PARTS.join('|')})\n`);
    process.exit(2);
  }
  const size = values.quick ? SIZES.quick : SIZES.full;
  const command = ['npm run bench', ...(values.quick || values.only ? ['--'] : []), ...(values.quick ? ['--quick'] : []), ...(values.only ? [`--only=${values.only}`] : [])].join(' ');
  const results: BenchResults = { command, machine: machineFacts(), timings: {} };
  const timed = async <T>(part: Part, f: () => Promise<T> | T): Promise<T | undefined> => {
    if (!only.includes(part)) return undefined;
    process.stderr.write(`bench: ${part}…\n`);
    const t0 = performance.now();
    const out = await f();
    results.timings[part] = (performance.now() - t0) / 1000;
    return out;
  };
  results.crawl = await timed('crawl', () => benchCrawl({ messages: size.crawlMessages, rounds: size.crawlRounds, tasksInFlight: CRAWL_TASKS_IN_FLIGHT }));
  // Part of 'crawl': the per-command floor under the pipeline's pages/s.
  if (only.includes('crawl')) results.commandCost = await benchCommandCost(values.quick ? 1000 : 5000);
  results.normalize = await timed('normalize', () => benchNormalize(size.normalize));
  results.dedup = await timed('dedup', () => dedupPart(size.dedupSizes, size.dedupWindow));
  results.memory = await timed('memory', () => benchMemory({ messages: size.memoryMessages, maxOldSpaceMb: crawlScriptOldSpaceMb() }));
  // Part of 'memory': the embedded server's own bound, ours against SQLite's default cache.
  if (only.includes('memory')) {
    results.storeMemory = await benchStoreMemory({ docs: 40_000, readers: 1000, rounds: size.storeMemoryRounds, compare: [['cache_size(-2000)']] });
  }
  results.freshness = await timed('freshness', () =>
    size.freshnessHosts.map((hosts) => benchFreshness({ hosts, endMs: size.freshnessDays * DAY, warmupMs: 2 * DAY })),
  );
  const generated = renderResults(results);
  process.stdout.write(`${generated}\n`);
  if (!values['no-write']) {
    writeDoc(DOC, generated, INTRO);
    process.stderr.write(`bench: wrote ${path.relative(root, DOC)}\n`);
  }
}

await main();
