/**
 * The CLI's module graph keeps three heavy dependencies out until a command needs them:
 * playwright-core (~32 MB of V8 heap, loaded when a browser starts), the board simulator
 * (~42 MB, loaded by --simulator and the demo) and exceljs (~6 MB, loaded for an xlsx
 * import). Every crawl, the daemon and the memory benchmark's worker would otherwise carry
 * them (docs/benchmarks.md, Memory). A child process records every module it resolves.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'lazy-imports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** URLs of every module the child resolves while importing `modules`, then running `then`. */
function resolvedBy(modules: string[], then = ''): string[] {
  const log = path.join(dir, `resolved-${Math.random().toString(36).slice(2)}.txt`);
  const hooks = path.join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, r.url + '\\n');
  return r;
}`,
  );
  const register = path.join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const entry = path.join(dir, `entry-${Math.random().toString(36).slice(2)}.mts`);
  const imports = modules.map((m) => `await import(${JSON.stringify(pathToFileURL(path.join(root, m)).href)});`).join('\n');
  writeFileSync(entry, `${imports}\n${then}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', pathToFileURL(register).href, entry], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent' },
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`child exited ${r.status}: ${r.stderr}`);
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

const heavy = (urls: string[]) => ({
  playwright: urls.some((u) => u.includes('/node_modules/playwright-core/')),
  simulator: urls.some((u) => u.includes(`${pathToFileURL(root).href}/sim/`)),
  exceljs: urls.some((u) => u.includes('/node_modules/exceljs/')),
});

describe('heavy dependencies load on demand', () => {
  it('the CLI entry point and every command load none of them', () => {
    const urls = resolvedBy(['src/cli/main.ts']);
    // The recorder sees both kinds of module the check looks for: ours and packages'.
    expect(urls.some((u) => u.endsWith('/src/cli/commands/crawl.ts'))).toBe(true);
    expect(urls.some((u) => u.includes('/node_modules/mongodb/'))).toBe(true);
    expect(heavy(urls)).toEqual({ playwright: false, simulator: false, exceljs: false });
  });

  it('the simulator loads when startSimulated runs', () => {
    const simulated = pathToFileURL(path.join(root, 'src/cli/simulated.ts')).href;
    const urls = resolvedBy(
      [],
      `const { startSimulated } = await import(${JSON.stringify(simulated)});
const { AppConfigSchema } = await import(${JSON.stringify(pathToFileURL(path.join(root, 'src/config/schema.ts')).href)});
const { sim, config } = await startSimulated(AppConfigSchema.parse({}), { seed: 1, messagesPerBoard: 5 });
if (!config.sources['portal-jiamusi']?.baseUrl?.startsWith('http://127.0.0.1')) throw new Error('not pointed at the simulator');
await sim.close();`,
    );
    expect(heavy(urls).simulator).toBe(true);
  });
});
