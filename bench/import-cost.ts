/**
 * What loading modules costs a process before it does any work: V8 heap in use and RSS after
 * a full collection, measured in a fresh child per step, each step adding one module to the
 * ones before (the CLI entry point by default, which loads every command).
 * Run: npx tsx bench/import-cost.ts [module …]   (paths from the repository root, or packages)
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const DEFAULT = ['mongodb', 'cheerio', 'opencc-js', 'src/pipeline/run-source.ts', 'src/cli/main.ts'];

const specifier = (m: string) => (/^(src|sim|bench|scrapers)\//.test(m) ? pathToFileURL(path.join(root, m)).href : m);

/** Heap and RSS in MB after importing `modules` in a fresh `node --expose-gc --import tsx`. */
function measure(modules: string[]): { heapMb: number; rssMb: number } {
  const code = [
    ...modules.map((m) => `await import(${JSON.stringify(specifier(m))});`),
    'globalThis.gc(); globalThis.gc();',
    'const m = process.memoryUsage();',
    'process.stdout.write(JSON.stringify({ heapMb: m.heapUsed / 1048576, rssMb: m.rss / 1048576 }));',
  ].join('\n');
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  if (r.status !== 0) throw new Error(`importing ${modules.join(', ')} failed: ${r.stderr.split('\n')[0]}`);
  return JSON.parse(r.stdout) as { heapMb: number; rssMb: number };
}

const modules = process.argv.slice(2).length > 0 ? process.argv.slice(2) : DEFAULT;
const rows = [{ module: '(node and tsx alone)', ...measure([]) }];
for (let i = 0; i < modules.length; i++) rows.push({ module: `+ ${modules[i]}`, ...measure(modules.slice(0, i + 1)) });
process.stdout.write('| modules loaded | V8 heap MB | RSS MB |\n|---|---|---|\n');
for (const r of rows) process.stdout.write(`| ${r.module} | ${r.heapMb.toFixed(1)} | ${r.rssMb.toFixed(1)} |\n`);
