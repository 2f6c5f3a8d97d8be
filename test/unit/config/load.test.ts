import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { deepMerge, loadConfig } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/shared/errors.js';

function dirWith(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wz-config-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), JSON.stringify(content));
  return dir;
}

describe('loadConfig', () => {
  it('layers default < env file < environment variables', () => {
    const dir = dirWith({
      'default.json': { log: { level: 'info' }, fetch: { minIntervalMs: 2000 } },
      'production.json': { log: { level: 'warn' } },
    });
    const config = loadConfig({ configDir: dir, env: { NODE_ENV: 'production', LOG_LEVEL: 'error', MONGODB_URI: 'mongodb://h/x' } });
    expect(config.log.level).toBe('error');
    expect(config.fetch.minIntervalMs).toBe(2000);
    expect(config.mongo.uri).toBe('mongodb://h/x');
    expect(config.env).toBe('production');
    expect(Object.isFrozen(config.fetch)).toBe(true);
  });

  it('names an unknown field in a file', () => {
    const dir = dirWith({ 'default.json': { fetch: { minIntervalMS: 5 } } });
    const run = () => loadConfig({ configDir: dir, env: {} });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/minIntervalMS/);
  });

  it('names a field with a wrong type or value', () => {
    const dir = dirWith({ 'default.json': { fetch: { concurrency: 0 } } });
    expect(() => loadConfig({ configDir: dir, env: {} })).toThrow(/fetch\.concurrency/);
    expect(() => loadConfig({ configDir: dir, env: { LOG_LEVEL: 'loud' } })).toThrow(/log\.level/);
    const inFlight = dirWith({ 'default.json': { pipeline: { tasksInFlight: 0 } } });
    expect(() => loadConfig({ configDir: inFlight, env: {} })).toThrow(/pipeline\.tasksInFlight/);
    const sync = dirWith({ 'default.json': { mongo: { embeddedSync: 'off' } } });
    expect(() => loadConfig({ configDir: sync, env: {} })).toThrow(/mongo\.embeddedSync/);
  });

  it('fails on an explicit config file that does not exist', () => {
    const dir = dirWith({});
    expect(() => loadConfig({ configDir: dir, file: path.join(dir, 'nope.json'), env: {} })).toThrow(/not found/);
  });

  it('reports unreadable JSON with the file name', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wz-config-'));
    writeFileSync(path.join(dir, 'default.json'), '{ not json');
    expect(() => loadConfig({ configDir: dir, env: {} })).toThrow(/default\.json/);
  });

  it('loads the repository defaults', () => {
    const config = loadConfig({ env: {} });
    expect(config.mongo.database).toBe('wenzheng');
    expect(config.fetch.concurrency).toBe(1);
    expect(config.pipeline.tasksInFlight).toBe(1);
    expect(config.mongo.embeddedSync).toBe('normal');
  });
});

describe('deepMerge', () => {
  it('merges objects and replaces arrays and scalars', () => {
    expect(deepMerge({ a: { b: 1, c: [1] }, d: 1 }, { a: { c: [2] }, d: 2 })).toEqual({ a: { b: 1, c: [2] }, d: 2 });
  });
});
