/**
 * Runs an imported table through the same path as a crawl: normalize → store → case
 * assignment. Bad rows are collected (row number and field only) and skipped; they never
 * stop the import.
 */
import type { Clock } from '../../shared/clock.js';
import { normalizeMessage } from '../../normalize/message.js';
import type { MessageRepository } from '../../store/message-repository.js';
import type { CaseAssigner } from '../case-assigner.js';
import { resolveColumns, type ImportField, type Mapping } from './mapping.js';
import type { RawTable } from './rows.js';
import { rowToParsed, type RowProblem } from './to-parsed.js';

export interface ImportDeps {
  source: string;
  repo: MessageRepository;
  assigner: CaseAssigner;
  clock: Clock;
  maskSensitive: boolean;
}

export interface ImportSummary {
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  casesOpened: number;
  bad: RowProblem[];
}

/** Imports every row of a table; see the file comment. */
export async function importTable(table: RawTable, mapping: Mapping | null, deps: ImportDeps): Promise<ImportSummary> {
  const columns = resolveColumns(table.header, mapping);
  const summary: ImportSummary = { rows: table.rows.length, inserted: 0, updated: 0, unchanged: 0, casesOpened: 0, bad: [] };
  if (!columns.has('title') && !columns.has('body')) {
    summary.bad.push({ row: 1, field: 'header', problem: 'no column maps to title or body (see --map)' });
    return summary;
  }
  for (const { row, cells } of table.rows) {
    if (cells.length === 0) {
      summary.bad.push({ row, field: 'row', problem: 'not a JSON object' });
      continue;
    }
    const byField = new Map<ImportField, string>();
    for (const [field, i] of columns) byField.set(field, cells[i] ?? '');
    const now = deps.clock.now();
    const result = rowToParsed(byField, row, now);
    if (!result.ok) {
      summary.bad.push(...result.problems);
      continue;
    }
    const message = normalizeMessage(result.parsed, { source: deps.source, now, maskSensitive: deps.maskSensitive });
    // A new message's event goes into the log with its case's events (one append).
    const stored = await deps.repo.upsert(message, { deferNewEvent: true });
    summary[stored.outcome]++;
    const assigned = await deps.assigner.assign(message, stored);
    if (assigned.opened) summary.casesOpened++;
  }
  return summary;
}
