import { PassThrough } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { runCli } from '../../../src/cli/main.js';

async function run(argv: string[], env: Record<string, string | undefined> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await runCli(argv, { stdin: new PassThrough(), stdout, stderr, env: { LOG_LEVEL: 'silent', ...env } });
  return { code, out, err };
}

describe('cli', () => {
  it('prints help with exit 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('config-check');
  });

  it('rejects an unknown command with exit 2', async () => {
    const r = await run(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown command "frobnicate"');
  });

  it('names an unknown flag with exit 2', async () => {
    const r = await run(['sources', '--colour']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--colour');
  });

  it('names a bad flag value with exit 2', async () => {
    const r = await run(['events', '--after=-3']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--after');
  });

  it('names a bad config field from the environment with exit 2', async () => {
    const r = await run(['config-check'], { WZ_DATABASE: 'has space' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('mongo.database');
  });

  it('validates the shipped config', async () => {
    const r = await run(['config-check']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('config ok');
  });
});
