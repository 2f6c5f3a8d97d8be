/**
 * Turns benchmark results into the tables printed by bench/run.ts and the generated section
 * of docs/benchmarks.md. Only the part between the BEGIN/END markers is rewritten, so the
 * hand-written findings around it survive re-runs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

import type { BenchDedupResult } from './dedup.js';
import type { CommandCost } from './command-cost.js';
import type { CrawlBench } from './crawl.js';
import type { FreshnessOptions, PolicyResult } from './freshness/model.js';
import type { MachineFacts } from './machine.js';
import type { MemoryBench } from './memory.js';
import type { StoreMemoryVariant } from './store-memory.js';

export interface BenchResults {
  command: string;
  machine: MachineFacts;
  crawl?: CrawlBench;
  commandCost?: CommandCost[];
  memory?: MemoryBench;
  storeMemory?: StoreMemoryVariant[];
  freshness?: Array<{ options: FreshnessOptions; results: PolicyResult[] }>;
  normalize?: { messagesPerSec: number; mbPerSec: number; messages: number };
  dedup?: BenchDedupResult[] | { error: string };
  /** Seconds each part took. */
  timings: Record<string, number>;
}

export const BEGIN = '<!-- BEGIN GENERATED: npm run bench -->';
export const END = '<!-- END GENERATED -->';

const n = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : '∞');

function table(head: string[], rows: Array<Array<string | number>>): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** A delay in minutes, hours or days, whichever reads best; ∞ when not captured by the end. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return 'not by end';
  if (ms < 3_600_000) return `${n(ms / 60_000)} min`;
  if (ms < 2 * 86_400_000) return `${n(ms / 3_600_000)} h`;
  return `${n(ms / 86_400_000)} d`;
}

function crawlSection(c: CrawlBench): string {
  const row = (name: string, s: CrawlBench['ours'], db: boolean): Array<string | number> => [
    name, s.pages, s.messages, s.failed, n(s.pagesPerSec), n(s.messagesPerSec), n(s.cpuSecPer1kPages), db ? n(s.cpuSecPer1kPagesWithDb) : '–', n(s.peakRssMb, 0),
  ];
  return [
    `### Crawl throughput (佳木斯 replica, ${c.messages} messages, ${c.rounds} alternating round(s), medians, ${c.tasksInFlight} page(s) in flight, one request at a time for ours)`,
    '',
    table(
      ['crawler', 'pages', 'messages', 'pages failed or deferred (worst round)', 'pages/s', 'messages/s', 'CPU s / 1k pages', 'CPU s / 1k pages incl. DB', 'peak RSS MB'],
      [row('ours: fetch+parse+normalize+store', c.ours, true), row('crawlee CheerioCrawler: fetch+parse', c.crawlee, false)],
    ),
    '',
    `**Ratio ours / crawlee (pages/s): ${n(c.speedRatio, 3)}** (store: ${c.embeddedDb ? 'embedded FerretDB v1' : 'MONGODB_URI'}).`,
  ].join('\n');
}

/** A titled table: the shape of every section but the crawl and the freshness model. */
function section(title: string, head: string[], rows: Array<Array<string | number>>): string {
  return [`### ${title}`, '', table(head, rows)].join('\n');
}

function memorySection(m: MemoryBench): string {
  return section(
    `Memory through a backfill (N = ${m.messages} messages, ${m.pages} pages, ${n(m.wallSec, 0)} s, ${m.tasksInFlight} page(s) in flight, V8 old space ${m.maxOldSpaceMb === null ? "V8's own size" : `bounded at ${m.maxOldSpaceMb} MB as \`npm run crawl\` does`})`,
    ['peak RSS MB', 'RSS at 25/50/75/100% MB', 'V8 heap at 25/50/75/100% MB', 'RSS slope, 2nd half', 'FerretDB RSS peak, at 25/50/75/100% MB', 'messages/s', '200k would take'],
    [[n(m.peakRssMb, 0), m.quartilesMb.join(' / '), m.heapQuartilesMb.join(' / '), `${n(m.slopeMbPerMin)} MB/min (${n(m.slopeMbPer1kMessages)} MB per 1k messages)`, m.dbPeakRssMb === null ? '–' : `${m.dbPeakRssMb}; ${(m.dbQuartilesMb ?? []).join(' / ')}`, n(m.messagesPerSec), `${n(m.hoursFor200k)} h`]],
  );
}

function commandCostSection(cs: CommandCost[]): string {
  return section(
    'CPU per store round trip (bench/command-cost.ts; one connection, one command at a time)',
    ['command', 'wall µs', 'client user + sys µs', 'server µs'],
    cs.map((c) => [c.kind, c.wallUsPerCommand, `${c.clientUserUs} + ${c.clientSysUs}`, c.serverUs ?? '–']),
  );
}

function storeMemorySection(vs: StoreMemoryVariant[]): string {
  return section(
    'Embedded FerretDB after a burst of concurrent readers (bench/store-memory.ts)',
    ['SQLite pragmas', 'server RSS at start / after fill / after burst MB', 'connections held', 'reads s'],
    vs.map((v) => [v.pragmas.length ? v.pragmas.join(', ') : 'ours (tools/ferretdb/main.go)', `${v.startRssMb} / ${v.afterFillRssMb} / **${v.afterBurstRssMb}**`, v.sqliteFiles, n(v.readMs / 1000)]),
  );
}

export function freshnessSection(runs: NonNullable<BenchResults['freshness']>): string {
  const parts: string[] = [];
  for (const { options: o, results } of runs) {
    parts.push(
      `### Freshness model: ${o.boards} boards on ${o.hosts} host(s), 1 request / ${o.gapMs / 1000} s / host, ` +
        `items appearing in ${(o.endMs - o.warmupMs) / 86_400_000} days after ${o.warmupMs / 86_400_000} days of warm-up, followed for ${o.drainMs / 86_400_000} more days, seed ${o.seed}` +
        (o.replies === 'tipdm' ? ', reply delays log-normal like the 泰迪杯 answers (median 11.2 d, p90 41 d)' : ''),
      '',
      table(
        ['policy', 'slots: list / detail / re-visit / unused', 'post p50', 'post p90', 'posts stored', 'reply p50', 'reply p90', 'replies seen', 'rating p50', 'rating p90', 'ratings seen'],
        results.map((r) => [
          r.policy, `${r.spent.list} / ${r.spent.detail} / ${r.spent.revisit} / ${r.spent.idle}`, duration(r.posts.p50), duration(r.posts.p90), `${n(r.posts.captured * 100)}%`,
          duration(r.replies.p50), duration(r.replies.p90), `${n(r.replies.captured * 100)}%`,
          duration(r.ratings.p50), duration(r.ratings.p90), `${n(r.ratings.captured * 100)}%`,
        ]),
      ),
      '',
    );
  }
  return parts.join('\n');
}

function stageSection(r: BenchResults): string {
  const lines: string[] = ['### Normalize and dedup stages', ''];
  if (r.normalize) lines.push(`- normalize (benchNormalize, ${r.normalize.messages} synthetic messages): **${r.normalize.messagesPerSec} messages/s**, ${r.normalize.mbPerSec} MB/s of title+body.`);
  if (r.dedup && 'error' in r.dedup) lines.push(`- dedup: not measured: ${r.dedup.error}`);
  else if (r.dedup) {
    for (const d of r.dedup) {
      lines.push(`- dedup (benchDedup, store of ${d.size} messages): upsert+assign **${n(d.msPerMessage, 2)} ms/message** (${n(1000 / d.msPerMessage)} messages/s), of which CaseAssigner.assign ${n(d.assignMsPerMessage, 2)} ms; preload ${n(d.preloadMs / 1000)} s.`);
    }
  }
  return lines.join('\n');
}

/** The generated markdown: command, machine and every part that ran. */
export function renderResults(r: BenchResults): string {
  const m = r.machine;
  const parts = [
    BEGIN,
    `Command: \`${r.command}\` · date ${m.date} · commit ${m.commit}`,
    '',
    `Machine: ${m.nproc} CPUs (${m.cpuModel}), ${m.memoryGb} GB RAM, Node ${m.node}, load average at start ${m.loadAverage} (shared machine: compare ratios within one run, not absolute times).`,
    '',
    `Time per part (s): ${Object.entries(r.timings).map(([k, v]) => `${k} ${n(v, 0)}`).join(', ')}.`,
    '',
  ];
  if (r.crawl) parts.push(crawlSection(r.crawl), '');
  if (r.commandCost) parts.push(commandCostSection(r.commandCost), '');
  if (r.normalize || r.dedup) parts.push(stageSection(r), '');
  if (r.memory) parts.push(memorySection(r.memory), '');
  if (r.storeMemory) parts.push(storeMemorySection(r.storeMemory), '');
  if (r.freshness) parts.push(freshnessSection(r.freshness));
  parts.push(END);
  return parts.join('\n');
}

/** Replaces the generated section of the doc (or appends one), keeping the rest. */
export function writeDoc(file: string, generated: string, intro: string): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : intro;
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  const next = start >= 0 && end > start ? current.slice(0, start) + generated + current.slice(end + END.length) : `${current.trimEnd()}\n\n${generated}\n`;
  writeFileSync(file, next);
}
