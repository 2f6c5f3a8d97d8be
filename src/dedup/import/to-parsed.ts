/**
 * One imported row → ParsedMessage, or the list of fields that make it unusable. Problems
 * name the row and the field, never the cell's text (it may be a citizen's message).
 */
import { createHash } from 'node:crypto';

import { parseChineseDate } from '../../parse/dates.js';
import type { ParsedMessage } from '../../shared/types.js';
import type { ImportField } from './mapping.js';

export interface RowProblem {
  row: number;
  field: string;
  problem: string;
}

export type RowResult = { ok: true; parsed: ParsedMessage } | { ok: false; problems: RowProblem[] };

type Cells = Map<ImportField, string>;

function count(cells: Cells, field: ImportField, row: number, problems: RowProblem[]): number | null {
  const raw = cells.get(field)?.trim() ?? '';
  if (raw === '') return null;
  const n = Number(raw.replace(/,/g, ''));
  if (Number.isInteger(n) && n >= 0) return n;
  problems.push({ row, field, problem: 'not a non-negative integer' });
  return null;
}

function date(cells: Cells, field: ImportField, row: number, problems: RowProblem[], now: Date): string | null {
  const raw = cells.get(field)?.trim() ?? '';
  if (raw === '') return null;
  if (parseChineseDate(raw, { now }) === null) problems.push({ row, field, problem: 'not a date' });
  return raw;
}

/** A stable id for rows without one, so re-importing the same file finds the same messages. */
function contentId(cells: Cells): string {
  const basis = ['title', 'body', 'postedAt', 'author'].map((f) => cells.get(f as ImportField) ?? '').join('\u0000');
  return `h${createHash('sha1').update(basis).digest('hex').slice(0, 16)}`;
}

/** Converts one row (cells keyed by field) into a ParsedMessage. */
export function rowToParsed(cells: Cells, row: number, now: Date): RowResult {
  const problems: RowProblem[] = [];
  const text = (f: ImportField): string | null => {
    const v = cells.get(f)?.trim() ?? '';
    return v === '' ? null : v;
  };
  if (text('title') === null && text('body') === null) problems.push({ row, field: 'body', problem: 'title and body are both empty' });
  const postedAt = date(cells, 'postedAt', row, problems, now);
  const replyAt = date(cells, 'replyAt', row, problems, now);
  const views = count(cells, 'views', row, problems);
  const likes = count(cells, 'likes', row, problems);
  if (problems.length > 0) return { ok: false, problems };
  const replyBody = text('replyBody');
  const evaluation = text('evaluation');
  const parsed: ParsedMessage = {
    externalId: text('externalId') ?? contentId(cells),
    url: text('url') ?? '',
    boardId: text('boardId'),
    boardName: text('boardName'),
    title: text('title') ?? '',
    body: text('body') ?? '',
    bodyFormat: 'text',
    bodyTruncated: false,
    postedAt,
    author: text('author'),
    status: text('status') ?? (replyBody ? '已回复' : null),
    type: text('type'),
    domain: text('domain'),
    regionHint: text('regionHint'),
    replies: replyBody ? [{ org: text('replyOrg'), body: replyBody, at: replyAt }] : [],
    evaluation: evaluation ? { label: evaluation, resolution: null, attitude: null, speed: null, text: null, at: null } : null,
    views,
    likes,
    extra: {},
  };
  return { ok: true, parsed };
}
