/**
 * `export --what=messages|cases`: writes NDJSON (one JSON document per line) or CSV. CSV is
 * UTF-8 with a BOM, because Excel reads BOM-less UTF-8 as the local ANSI code page and the
 * Chinese text turns into mojibake; fields are quoted per RFC 4180.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

import { closeStore, createApp, openStore } from '../app.js';
import { UsageError, type Command, type FlagValues } from '../command.js';
import { csvField } from '../../dedup/import/csv.js';
import { ensureCaseSchema } from '../../store/case-schemas.js';
import { exportCases, exportMessages, type ExportFilter } from '../../store/case-export.js';
import { CASE_COLUMNS, MESSAGE_COLUMNS, caseRow, cellString, messageRow } from '../../store/case-export-rows.js';
import { StatusCodes } from '../../shared/types.js';

const WHAT = ['messages', 'cases'] as const;
const FORMATS = ['ndjson', 'csv'] as const;

function oneOf<T extends string>(values: FlagValues, name: string, allowed: readonly T[], fallback?: T): T {
  const raw = (values[name] as string | undefined) ?? fallback;
  if (raw === undefined || !(allowed as readonly string[]).includes(raw)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
  return raw as T;
}

function dateFlag(values: FlagValues, name: string): Date | undefined {
  const raw = values[name] as string | undefined;
  if (raw === undefined) return undefined;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00+08:00` : raw);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--${name} must be a date (2026-06-01 or ISO 8601), got "${raw}"`);
  return d;
}

/** Reads the filter flags. */
export function exportFilter(values: FlagValues): ExportFilter {
  const status = values.status as string | undefined;
  if (status !== undefined && !(StatusCodes as readonly string[]).includes(status)) throw new UsageError(`--status must be one of ${StatusCodes.join(', ')}`);
  return { source: values.source as string | undefined, region: values.region as string | undefined, status, since: dateFlag(values, 'since'), until: dateFlag(values, 'until') };
}

async function write(out: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** Writes rows as NDJSON or CSV; returns how many were written. */
export async function writeRows<T>(out: NodeJS.WritableStream, rows: AsyncIterable<T>, format: 'ndjson' | 'csv', csv: { columns: readonly string[]; row: (r: T) => Parameters<typeof cellString>[0][] }): Promise<number> {
  let n = 0;
  if (format === 'csv') await write(out, `\uFEFF${csv.columns.map(csvField).join(',')}\r\n`);
  for await (const r of rows) {
    const line = format === 'csv' ? `${csv.row(r).map((c) => csvField(cellString(c))).join(',')}\r\n` : `${JSON.stringify(r)}\n`;
    await write(out, line);
    n++;
  }
  return n;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export messages or cases as NDJSON or CSV (UTF-8 with BOM)',
  usage: 'export --what=messages|cases [--format=ndjson|csv] [--source=] [--region=] [--status=] [--since=] [--until=] [--out=file]',
  flags: {
    what: { type: 'string' }, format: { type: 'string' }, source: { type: 'string' }, region: { type: 'string' },
    status: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, out: { type: 'string' }, config: { type: 'string' },
  },
  async run(values, _pos, io) {
    const what = oneOf(values, 'what', WHAT);
    const format = oneOf(values, 'format', FORMATS, 'ndjson');
    const filter = exportFilter(values);
    const app = await openStore(createApp({ configFile: values.config as string | undefined, env: io.env }));
    const file = values.out as string | undefined;
    const out = file ? createWriteStream(file) : io.stdout;
    try {
      await ensureCaseSchema(app.store.db);
      const n = what === 'messages'
        ? await writeRows(out, exportMessages(app.store.db, filter), format, { columns: MESSAGE_COLUMNS, row: messageRow })
        : await writeRows(out, exportCases(app.store.db, filter), format, { columns: CASE_COLUMNS, row: caseRow });
      app.log.info({ what, format, rows: n }, 'export finished');
      if (file) io.stderr.write(`wrote ${n} ${what} to ${file}\n`);
      return 0;
    } finally {
      if (file) {
        (out as ReturnType<typeof createWriteStream>).end();
        await once(out, 'finish');
      }
      await closeStore(app);
    }
  },
};
