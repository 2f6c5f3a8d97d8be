/**
 * The freshness model alone, for other seeds, host counts and variants of the src policies
 * (`npm run bench -- --only=freshness` runs seed 1 and rewrites docs/benchmarks.md; this
 * only prints):
 *
 *   npx tsx bench/freshness/run.ts --seed 2 --hosts 1,10
 *   npx tsx bench/freshness/run.ts --policies ours-feed,rr-revisit --src '{"answeredShare":0}'
 *   npx tsx bench/freshness/run.ts --replies tipdm   # reply delays like the real 泰迪杯 answers
 *
 * `--src` is JSON merged into SrcOptions (bench/freshness/src-policy.ts) for `ours` and
 * `ours-feed`: feed, feedRows, answeredLast, answeredShare, useIdle, revisit, schedule, quiet
 * (`{"quiet":null}`: no quiet period), statusSweep (ours-feed only, as src's renmin option:
 * `{"statusSweep":{"everyMs":10800000,"windowMs":5184000000}}`, `"ratings":true` for rows that show ratings).
 */
import { parseArgs } from 'node:util';

import { freshnessSection } from '../report.js';
import { benchFreshness, POLICIES, type PolicyName } from './model.js';
import type { SrcOptions } from './src-policy.js';
import { DAY } from './world.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    hosts: { type: 'string', default: '1' },
    days: { type: 'string', default: '9' },
    policies: { type: 'string' },
    src: { type: 'string' },
    replies: { type: 'string', default: 'simulator' },
  },
});
const seed = Number(values.seed);
if (!Number.isInteger(seed)) fail(`--seed must be an integer, got "${values.seed}"`);
const hosts = values.hosts.split(',').map(Number);
if (hosts.some((h) => !Number.isInteger(h) || h < 1)) fail(`--hosts must be positive integers, got "${values.hosts}"`);
const days = Number(values.days);
if (!(days > 2)) fail(`--days must be more than the 2 days of warm-up, got "${values.days}"`);
const policies = (values.policies?.split(',') ?? [...POLICIES]) as PolicyName[];
const unknown = policies.filter((p) => !POLICIES.includes(p));
if (unknown.length) fail(`--policies: unknown ${unknown.join(', ')} (expected ${POLICIES.join('|')})`);
const replies = values.replies;
if (replies !== 'simulator' && replies !== 'tipdm') fail(`--replies must be simulator or tipdm, got "${replies}"`);
let src: Partial<SrcOptions> | undefined;
try {
  src = values.src ? (JSON.parse(values.src) as Partial<SrcOptions>) : undefined;
} catch (err) {
  fail(`--src is not JSON: ${(err as Error).message}`);
}
const runs = hosts.map((h) => benchFreshness({ seed, hosts: h, endMs: days * DAY, replies }, policies, src ? { src } : undefined));
process.stdout.write(`${freshnessSection(runs)}\n`);
