/**
 * `normalize`: JSON lines of parsed messages in, JSON lines of normalized messages out, one
 * output line per input line. A bad line yields `{"error": "...", "line": N}` in its place, so
 * a downstream `paste` or line count still lines up with the input.
 */
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { z } from 'zod';
import { normalizeMessage } from '../../normalize/message.js';
import { ParsedMessageSchema, type ParsedMessage } from '../../shared/types.js';
import type { Command } from '../command.js';

/** Options for {@link runNormalize}. */
export interface RunNormalizeOptions {
  /** Mask phone and ID numbers in the output text. */
  maskSensitive: boolean;
  /** Reference instant for relative dates such as 3分钟前. */
  now: Date;
}

// Only title and body are required on the command line; everything else gets the value a
// parser would give for "not shown on the page".
const CliInputSchema = ParsedMessageSchema.partial().extend({
  title: z.string(),
  body: z.string(),
  source: z.string().min(1).optional(),
});
type CliInput = z.infer<typeof CliInputSchema>;

function toParsed(v: CliInput, lineNo: number): ParsedMessage {
  return {
    externalId: v.externalId ?? `line-${lineNo}`,
    url: v.url ?? '',
    boardId: v.boardId ?? null,
    boardName: v.boardName ?? null,
    title: v.title,
    body: v.body,
    bodyFormat: v.bodyFormat ?? (looksLikeHtml(v.body) ? 'html' : 'text'),
    bodyTruncated: v.bodyTruncated ?? false,
    postedAt: v.postedAt ?? null,
    author: v.author ?? null,
    status: v.status ?? null,
    type: v.type ?? null,
    domain: v.domain ?? null,
    regionHint: v.regionHint ?? null,
    replies: v.replies ?? [],
    evaluation: v.evaluation ?? null,
    views: v.views ?? null,
    likes: v.likes ?? null,
    extra: v.extra ?? {},
  };
}

/** Exports of old scrapers often keep the page HTML; treat block tags as a sign of it. */
function looksLikeHtml(body: string): boolean {
  return /<\/?(p|br|div|span|label|table|td|li)\b[^>]*>/i.test(body);
}

/** Error text without values: zod issue paths and codes only, never message content. */
function describe(err: unknown): string {
  if (err instanceof z.ZodError) {
    return err.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`).join('; ');
  }
  // JSON.parse messages quote the offending input, which may be message text.
  if (err instanceof SyntaxError) return 'invalid JSON';
  return err instanceof Error ? err.name : 'unknown error';
}

function normalizeLine(text: string, lineNo: number, options: RunNormalizeOptions): { json: string; ok: boolean } {
  if (text.trim() === '') return { json: JSON.stringify({ error: 'empty line', line: lineNo }), ok: false };
  try {
    const input = CliInputSchema.parse(JSON.parse(text));
    const out = normalizeMessage(toParsed(input, lineNo), { source: input.source ?? 'cli', ...options });
    return { json: JSON.stringify(out), ok: true };
  } catch (err) {
    return { json: JSON.stringify({ error: describe(err), line: lineNo }), ok: false };
  }
}

/** Streams JSON lines through normalizeMessage; resolves with line and error counts. */
export async function runNormalize(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  options: RunNormalizeOptions,
): Promise<{ lines: number; errors: number }> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let lines = 0;
  let errors = 0;
  for await (const text of rl) {
    lines++;
    const { json, ok } = normalizeLine(text, lines, options);
    if (!ok) errors++;
    if (!output.write(`${json}\n`)) await once(output, 'drain');
  }
  return { lines, errors };
}

/** CLI wrapper: `normalize [--mask] [--now=<ISO time>]`, stdin → stdout. */
export const normalizeCommand: Command = {
  name: 'normalize',
  summary: 'Normalize JSON-lines parsed messages from stdin to stdout',
  usage: 'normalize [--mask] [--now=<ISO 8601 time>]',
  flags: { mask: { type: 'boolean' }, now: { type: 'string' } },
  async run(values, _pos, io) {
    const now = typeof values.now === 'string' ? new Date(values.now) : new Date();
    if (Number.isNaN(now.getTime())) {
      io.stderr.write('normalize: --now is not a valid date\n');
      return 2;
    }
    const result = await runNormalize(io.stdin, io.stdout, { maskSensitive: values.mask === true, now });
    io.stderr.write(`normalize: ${result.lines} lines, ${result.errors} errors\n`);
    return result.errors > 0 ? 1 : 0;
  },
};
