/** `POST /front/msg/list|index` → `{status:"1", data:{rows[], total}}`: detail tasks plus the next page. */
import { parseChineseDate } from '../../src/parse/dates.js';
import type { ParseContext, ParseResult, Task } from '../../src/sources/define-source.js';
import { ParseError } from '../../src/shared/errors.js';
import type { FetchedPage } from '../../src/shared/types.js';
import { checkpointOf, sweepListed, sweepTop } from '../shared/checkpoint.js';
import { isRecord, jsonBody, num, requireArray, requireId, str } from '../shared/json-body.js';
import type { RednetBoard, RednetOptions } from './options.js';
import { detailTask, listTask, type RowFacts } from './tasks.js';

const FACT_KEYS = ['title', 'created_at', 'type_name', 'nickname', 'city_id', 'area_id', 'is_reply', 'click_num'] as const;

function factsOf(row: Record<string, unknown>): RowFacts {
  const facts: RowFacts = {};
  for (const key of FACT_KEYS) facts[key] = typeof row[key] === 'number' ? (row[key] as number) : str(row[key]);
  return facts;
}

/** Rows are newest first; the first one at/below the watermark or before `since` ends the run. */
function isStale(row: Record<string, unknown>, id: string, meta: Record<string, unknown>, fetchedAt: Date): boolean {
  if (Number(id) <= (num(meta.watermark) ?? 0)) return true;
  const sinceMs = num(meta.sinceMs) ?? 0;
  if (sinceMs === 0) return false;
  const created = parseChineseDate(row.created_at, { now: fetchedAt });
  return created !== null && created.getTime() < sinceMs;
}

export function parseList(page: FetchedPage, ctx: ParseContext<RednetOptions>): ParseResult {
  const body = jsonBody(page);
  if (String(body.status) !== '1') {
    throw new ParseError('list answered without status 1', { code: 'ERR_SITE_RESULT', details: { url: page.url, msg: str(body.msg) } });
  }
  const meta = ctx.task.meta;
  const rows = requireArray(body, 'data.rows', page.url);
  const follow: Task[] = [];
  const taken: string[] = [];
  let cutAt: string | null = null;
  for (const row of rows) {
    if (!isRecord(row)) throw new ParseError('list row is not an object', { details: { url: page.url } });
    const id = requireId(row, 'id', page.url);
    if (isStale(row, id, meta, ctx.fetchedAt)) {
      cutAt = id;
      break;
    }
    taken.push(id);
    follow.push(detailTask(id, factsOf(row)));
  }
  const pageNo = num(meta.page) ?? 1;
  const board = String(meta.board) as RednetBoard;
  const full = rows.length > 0 && rows.length >= (num(meta.pageSize) ?? ctx.options.pageSize);
  const more = cutAt === null && full && pageNo < ctx.options.maxPages;
  const top = sweepTop(meta, taken);
  const listed = sweepListed(meta, taken.length);
  if (more) follow.push(listTask(board, ctx.options, pageNo + 1, top, listed));
  return { messages: [], follow, checkpoint: checkpointOf(board, top, listed, { cutAt, more, limited: cutAt === null && full }) };
}
