/**
 * Contract every registered source must meet (after Faros' sourceSchemaTest): a valid
 * definition living in a folder named after it, default options that parse, relative seeds,
 * and recorded list + detail fixtures that parse into schema-valid messages.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { sources } from '../../scrapers/index.js';
import { TaskSchema, type AnySourceDefinition, type Task } from '../../src/sources/define-source.js';
import { ParsedMessageSchema } from '../../src/shared/types.js';
import { fixtureFiles, loadFixture, parseFixture } from '../scrapers/fixture-page.js';

const SCRAPERS = join(import.meta.dirname, '..', '..', 'scrapers');

const isSource = (v: unknown): v is AnySourceDefinition =>
  typeof v === 'object' && v !== null && 'id' in v && 'parse' in v && 'seeds' in v;

/** Folder of each source object, found by importing every scrapers/<folder>/index.ts. */
async function sourceFolders(): Promise<Map<AnySourceDefinition, string>> {
  const folders = new Map<AnySourceDefinition, string>();
  const dirs = readdirSync(SCRAPERS, { withFileTypes: true }).filter((d) => d.isDirectory());
  for (const dir of dirs) {
    let mod: Record<string, unknown>;
    try {
      mod = (await import(join(SCRAPERS, dir.name, 'index.js'))) as Record<string, unknown>;
    } catch {
      continue; // helper folders (scrapers/shared) have no index
    }
    for (const value of Object.values(mod)) {
      for (const item of Array.isArray(value) ? value : [value]) if (isSource(item)) folders.set(item, dir.name);
    }
  }
  return folders;
}

function expectRelative(task: Task): void {
  const parsed = TaskSchema.parse(task);
  expect(parsed.path.startsWith('/') && !parsed.path.startsWith('//'), `${parsed.path} must be relative to baseUrl`).toBe(true);
}

let folders = new Map<AnySourceDefinition, string>();
beforeAll(async () => {
  folders = await sourceFolders();
});

it('source ids are unique', () => {
  expect(new Set(sources.map((s) => s.id)).size).toBe(sources.length);
});

describe.each(sources.map((s) => [s.id, s] as const))('source %s', (id, source) => {
  it('has a valid definition whose default options parse and whose seeds are relative', () => {
    expect(id).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(() => new URL(source.baseUrl)).not.toThrow();
    expect(Object.keys(source.parse).length).toBeGreaterThan(0);
    const options: unknown = source.options.parse({});
    const seeds = source.seeds({ options, since: null, until: null });
    expect(seeds.length).toBeGreaterThan(0);
    for (const seed of seeds) {
      expectRelative(seed);
      expect(Object.keys(source.parse)).toContain(seed.kind);
    }
  });

  it('lives in scrapers/<id>/ (or a family folder: rednet-wz in rednet/, portal-* in portal/)', () => {
    const folder = folders.get(source);
    expect(folder, `${id} is not exported by any scrapers/<folder>/index.ts`).toBeDefined();
    expect(id === folder || id.startsWith(`${folder ?? ''}-`)).toBe(true);
  });

  const files = fixtureFiles(id);
  const ok = files.filter((f) => loadFixture(source, f).meta.expectError === undefined);
  const failing = files.filter((f) => !ok.includes(f));

  it('has at least one list and one detail fixture', () => {
    expect(ok.some((f) => f.startsWith('list-'))).toBe(true);
    expect(ok.some((f) => f.startsWith('detail-'))).toBe(true);
  });

  it.each(ok)('parses %s into schema-valid messages and relative follows', (file) => {
    const { messages, follow } = parseFixture(source, file);
    if (file.startsWith('detail-')) expect(messages.length).toBeGreaterThan(0);
    if (file.startsWith('list-')) expect(follow.length).toBeGreaterThan(0);
    for (const message of messages) {
      const parsed = ParsedMessageSchema.parse(message);
      expect(parsed.externalId.trim()).not.toBe('');
    }
    for (const task of follow) {
      expectRelative(task);
      expect(Object.keys(source.parse)).toContain(task.kind);
    }
  });

  if (failing.length > 0) {
    it.each(failing)('throws the recorded error for %s', (file) => {
      const { meta } = loadFixture(source, file);
      expect(() => parseFixture(source, file)).toThrow(expect.objectContaining({ code: meta.expectError }));
    });
  }
});
