/**
 * `import <file>`: loads messages offices already hold (old scraper exports, spreadsheets)
 * through normalize → store → case assignment, as their own source. Bad rows are listed by
 * row number and field (never with their text) and skipped; the exit code is 0 when every
 * row imported, 1 when some rows were bad.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { closeStore, createApp, openStore } from '../app.js';
import { UsageError, type Command, type FlagValues } from '../command.js';
import { CaseAssigner } from '../../dedup/case-assigner.js';
import { importTable, type ImportSummary } from '../../dedup/import/import-table.js';
import { MappingSchema, type Mapping } from '../../dedup/import/mapping.js';
import { formatOf, ImportFormats, readTable, type ImportFormat } from '../../dedup/import/rows.js';
import { ensureCaseSchema } from '../../store/case-schemas.js';
import { MessageRepository } from '../../store/message-repository.js';

const SOURCE_ID = /^[a-z0-9][a-z0-9-]*$/;

/** The default source id: `import-<basename>` in kebab-case ASCII. */
export function defaultSourceId(file: string): string {
  const base = path.basename(file, path.extname(file)).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `import-${base || 'file'}`;
}

function formatFlag(values: FlagValues, file: string): ImportFormat {
  const raw = (values.format as string | undefined) ?? formatOf(file);
  if (!raw || !(ImportFormats as readonly string[]).includes(raw)) {
    throw new UsageError(`--format must be one of ${ImportFormats.join(', ')} (cannot tell from "${path.basename(file)}")`);
  }
  return raw as ImportFormat;
}

async function mappingFlag(values: FlagValues): Promise<Mapping | null> {
  const file = values.map as string | undefined;
  if (!file) return null;
  const parsed = MappingSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new UsageError(`--map ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

function encodingFlag(values: FlagValues): string {
  const enc = ((values.encoding as string | undefined) ?? 'utf-8').toLowerCase();
  try {
    new TextDecoder(enc);
  } catch {
    throw new UsageError(`--encoding "${enc}" is not supported (try utf-8, gbk, gb18030, big5)`);
  }
  return enc;
}

function printSummary(s: ImportSummary, source: string, out: NodeJS.WritableStream, err: NodeJS.WritableStream): void {
  out.write(`source\t${source}\nrows\t${s.rows}\ninserted\t${s.inserted}\nupdated\t${s.updated}\nunchanged\t${s.unchanged}\ncasesOpened\t${s.casesOpened}\nbadRows\t${new Set(s.bad.map((b) => b.row)).size}\n`);
  for (const b of s.bad) err.write(`row ${b.row}: ${b.field}: ${b.problem}\n`);
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Import messages from a CSV, NDJSON or xlsx file through normalize, dedup and store',
  usage: 'import <file> [--format=csv|ndjson|xlsx] [--map=mapping.json] [--source=<id>] [--encoding=utf-8|gbk]',
  flags: { format: { type: 'string' }, map: { type: 'string' }, source: { type: 'string' }, encoding: { type: 'string' }, config: { type: 'string' } },
  async run(values, positionals, io) {
    const [file] = positionals;
    if (!file || positionals.length > 1) throw new UsageError('give exactly one file to import');
    const format = formatFlag(values, file);
    const source = (values.source as string | undefined) ?? defaultSourceId(file);
    if (!SOURCE_ID.test(source)) throw new UsageError(`--source must be kebab-case ASCII, got "${source}"`);
    const mapping = await mappingFlag(values);
    const table = await readTable(file, format, encodingFlag(values));
    const app = await openStore(createApp({ configFile: values.config as string | undefined, env: io.env }));
    try {
      await ensureCaseSchema(app.store.db);
      const summary = await importTable(table, mapping, {
        source,
        repo: new MessageRepository(app.store.db, app.clock),
        assigner: new CaseAssigner(app.store.db, app.clock),
        clock: app.clock,
        maskSensitive: app.config.privacy.maskSensitive,
      });
      app.log.info({ source, rows: summary.rows, bad: summary.bad.length }, 'import finished');
      printSummary(summary, source, io.stdout, io.stderr);
      return summary.bad.length > 0 ? 1 : 0;
    } finally {
      await closeStore(app);
    }
  },
};
