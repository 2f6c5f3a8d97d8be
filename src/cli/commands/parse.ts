/**
 * `parse --source=<id> --kind=<kind> < page`: runs a source's real parser over a saved page
 * (raw bytes on stdin, decoded as a fetch would) and prints what it extracts as JSON. This is
 * what a user reaches for when a site changed its layout: a parse error names the missing
 * element, and the output shows exactly which fields still come through.
 */
import { decodeBody } from '../../fetch/decode.js';
import { assertComplete, parsePage } from '../../pipeline/process-task.js';
import { getSource, sourceOptions } from '../../sources/registry.js';
import { PipelineError } from '../../shared/errors.js';
import { createApp } from '../app.js';
import { UsageError, type Command } from '../command.js';

async function readAll(input: NodeJS.ReadableStream): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return new Uint8Array(Buffer.concat(chunks));
}

/** `a=1,b=x` → { a: 1, b: 'x' }: task facts some parsers read (board id, page number). */
function parseMeta(raw: unknown): Record<string, string | number> {
  if (raw === undefined) return {};
  const out: Record<string, string | number> = {};
  for (const pair of String(raw).split(',').filter(Boolean)) {
    const [k, v] = pair.split('=');
    if (!k || v === undefined) throw new UsageError(`--meta takes key=value pairs, got "${pair}"`);
    out[k] = /^\d+$/.test(v) ? Number(v) : v;
  }
  return out;
}

export const parseCommand: Command = {
  name: 'parse',
  summary: 'Run a source\'s parser over a saved page from stdin and print what it extracts (JSON)',
  usage: 'parse --source=<id> --kind=<list|detail|…> [--url=<page url>] [--content-type=<header>] [--meta=k=v,…] < page',
  flags: {
    source: { type: 'string' },
    kind: { type: 'string' },
    url: { type: 'string' },
    'content-type': { type: 'string' },
    meta: { type: 'string' },
    config: { type: 'string' },
  },
  async run(values, _pos, io) {
    if (typeof values.source !== 'string') throw new UsageError('--source=<id> is required');
    const app = createApp({ configFile: values.config as string | undefined, env: io.env });
    const source = getSource(values.source);
    const kinds = Object.keys(source.parse);
    if (typeof values.kind !== 'string' || !kinds.includes(values.kind)) {
      throw new UsageError(`--kind must be one of ${kinds.join(', ')} for source ${source.id}`);
    }
    const bytes = await readAll(io.stdin);
    const contentType = values['content-type'] as string | undefined;
    const declared = source.fetch.encoding === 'auto' ? undefined : source.fetch.encoding;
    const { text, charset } = decodeBody(bytes, { contentType, declared });
    const url = (values.url as string | undefined) ?? new URL('/', source.baseUrl).toString();
    const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
    const page = { url, finalUrl: url, status: 200, headers, bytes, text, charset, fetchedAt: app.clock.now() };
    const task = { _id: 'cli', source: source.id, key: 'cli', kind: values.kind, path: new URL(url).pathname + new URL(url).search, method: 'GET' as const, form: null, json: null, headers: null, meta: parseMeta(values.meta), state: 'queued' as const, priority: 0, notBefore: page.fetchedAt, attempts: 0, visits: 0, lastError: null, gen: 0, createdAt: page.fetchedAt, updatedAt: page.fetchedAt };
    try {
      assertComplete(page);
      const result = parsePage(source, task, page, sourceOptions(source, app.config));
      io.stdout.write(`${JSON.stringify({ charset, messages: result.messages, follow: result.follow }, null, 2)}\n`);
      return 0;
    } catch (err) {
      if (!(err instanceof PipelineError) || err.name === 'ConfigError') throw err;
      io.stdout.write(`${JSON.stringify({ charset, error: { code: err.code, name: err.name, message: err.message } }, null, 2)}\n`);
      return 1;
    }
  },
};
