/**
 * Reads an import file into header-keyed rows with their row numbers (1-based, header = 1
 * for tables; line number for NDJSON), whatever the format.
 */
import { readFile } from 'node:fs/promises';

// Types only: exceljs (~6 MB of heap, 16 MB of RSS) is loaded by readXlsx, so that the other
// commands, which share the CLI's module graph, do not carry it.
import type ExcelJS from 'exceljs';

import { decodeBytes, parseCsv } from './csv.js';

export const ImportFormats = ['csv', 'ndjson', 'xlsx'] as const;
export type ImportFormat = (typeof ImportFormats)[number];

export interface RawRow {
  row: number;
  cells: string[];
}

export interface RawTable {
  header: string[];
  rows: RawRow[];
}

/** Guesses the format from the file extension. */
export function formatOf(file: string): ImportFormat | null {
  const ext = file.toLowerCase().split('.').pop() ?? '';
  if (ext === 'csv' || ext === 'xlsx') return ext;
  if (ext === 'ndjson' || ext === 'jsonl') return 'ndjson';
  return null;
}

/** Reads a file as a table. */
export async function readTable(file: string, format: ImportFormat, encoding = 'utf-8'): Promise<RawTable> {
  if (format === 'xlsx') return readXlsx(file);
  const text = decodeBytes(await readFile(file), encoding);
  return format === 'csv' ? csvTable(text) : ndjsonTable(text);
}

function csvTable(text: string): RawTable {
  const [head, ...rest] = parseCsv(text);
  // Rows are numbered as a spreadsheet shows them (header = row 1), not by physical line:
  // a quoted field with line breaks is still one row.
  return { header: head?.fields.map((h) => h.trim()) ?? [], rows: rest.map((r, i) => ({ row: i + 2, cells: r.fields })) };
}

/** NDJSON objects become rows over the union of their keys; an unparsable line is a row with no cells. */
function ndjsonTable(text: string): RawTable {
  const header: string[] = [];
  const objects: Array<{ row: number; obj: Record<string, unknown> | null }> = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let obj: Record<string, unknown> | null = null;
    try {
      const v: unknown = JSON.parse(line);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) obj = v as Record<string, unknown>;
    } catch {
      obj = null;
    }
    for (const k of Object.keys(obj ?? {})) if (!header.includes(k)) header.push(k);
    objects.push({ row: i + 1, obj });
  });
  const rows = objects.map(({ row, obj }) => ({ row, cells: obj ? header.map((h) => cellText(obj[h])) : [] }));
  return { header, rows };
}

async function readXlsx(file: string): Promise<RawTable> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0];
  if (!ws) return { header: [], rows: [] };
  const header = rowCells(ws.getRow(1)).map((h) => h.trim());
  const rows: RawRow[] = [];
  ws.eachRow((r, n) => {
    if (n === 1) return;
    const cells = rowCells(r);
    // Spreadsheets carry formatted-but-empty rows (one sample has 65,000): skip them.
    if (cells.every((c) => c.trim() === '')) return;
    rows.push({ row: n, cells: header.map((_, i) => cells[i] ?? '') });
  });
  return { header, rows };
}

function rowCells(r: ExcelJS.Row): string[] {
  const values = r.values as unknown[];
  return values.slice(1).map(cellText);
}

/** Text of a cell value: rich text, hyperlinks, formulas and dates included. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  // exceljs reads a date cell's wall-clock time as if it were UTC: print it back as wall
  // clock, so the date parser reads it in the board's zone like any other date text.
  if (v instanceof Date) return v.toISOString().slice(0, 19).replace('T', ' ');
  if (typeof v !== 'object') return String(v);
  const o = v as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown };
  if (o.richText) return o.richText.map((t) => t.text).join('');
  if (o.text !== undefined) return cellText(o.text);
  if (o.result !== undefined) return cellText(o.result);
  return JSON.stringify(v);
}
