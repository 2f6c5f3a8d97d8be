/** Loads recorded fixtures (bytes + .meta.json) and runs them through a source's real parser. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { decodeBody } from '../../src/fetch/decode.js';
import { TaskSchema, type AnySourceDefinition, type ParseResult, type ResolvedTask } from '../../src/sources/define-source.js';
import type { FetchedPage } from '../../src/shared/types.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

export interface FixtureMeta {
  url: string;
  status: number;
  headers: Record<string, string>;
  fetchedAt: string;
  /** The task that fetched the page: its kind picks the parser, its meta feeds it. */
  task: unknown;
  /** Source options in effect when recorded. */
  options?: Record<string, unknown>;
  /** Error code the parser must throw (not-found pages, layout-changed copies, SN0006). */
  expectError?: string;
}

export interface Fixture {
  file: string;
  meta: FixtureMeta;
  task: ResolvedTask;
  page: FetchedPage;
}

/** Data files of a source's fixture folder (without the .meta.json companions). */
export function fixtureFiles(sourceId: string): string[] {
  try {
    return readdirSync(join(FIXTURES, sourceId)).filter((f) => /\.(html|json)$/.test(f) && !f.endsWith('.meta.json')).sort();
  } catch {
    return [];
  }
}

export function loadFixture(source: AnySourceDefinition, file: string): Fixture {
  const dir = join(FIXTURES, source.id);
  const bytes = new Uint8Array(readFileSync(join(dir, file)));
  const meta = JSON.parse(readFileSync(join(dir, file.replace(/\.(html|json)$/, '.meta.json')), 'utf8')) as FixtureMeta;
  // The fetch stage's own decoder: declared charset, header, <meta>, then sniffing.
  const declared = source.fetch.encoding === 'auto' ? undefined : source.fetch.encoding;
  const decoded = decodeBody(bytes, { contentType: meta.headers['content-type'], declared });
  const fetchedAt = new Date(meta.fetchedAt);
  const page: FetchedPage = { url: meta.url, finalUrl: meta.url, status: meta.status, headers: meta.headers, bytes, text: decoded.text, charset: decoded.charset, fetchedAt };
  return { file, meta, task: TaskSchema.parse(meta.task), page };
}

/** Parses a fixture with the parser its task names, with the options it was recorded under. */
export function parseFixture(source: AnySourceDefinition, file: string): ParseResult {
  const fx = loadFixture(source, file);
  const parse = source.parse[fx.task.kind];
  if (!parse) throw new Error(`${source.id}/${file}: no parser for kind ${fx.task.kind}`);
  return parse(fx.page, { task: fx.task, options: source.options.parse(fx.meta.options ?? {}), fetchedAt: fx.page.fetchedAt });
}

/** The one message of a detail fixture. */
export function onlyMessage(source: AnySourceDefinition, file: string) {
  const { messages } = parseFixture(source, file);
  if (messages.length !== 1 || !messages[0]) throw new Error(`${file}: expected one message, got ${messages.length}`);
  return messages[0];
}
