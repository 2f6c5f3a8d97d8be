/**
 * List pages of both transports. A list row is never a message: its `content` is cut at about
 * 100 characters, so each row only yields a detail task (plus the next page).
 */
import type { ParseContext, ParseResult, Task } from '../../src/sources/define-source.js';
import { ParseError } from '../../src/shared/errors.js';
import type { FetchedPage } from '../../src/shared/types.js';
import { checkpointOf, sweepListed, sweepTop } from '../shared/checkpoint.js';
import { isRecord, jsonBody, num, requireArray, requireId, str } from '../shared/json-body.js';
import type { RenminOptions } from './options.js';
import { detailTask, feedScope, formListTask, formScope, searchListTask, signedDetailTask, signedListTask, signedScope, statusSearchTask, statusStop, type RowFacts } from './tasks.js';

interface Row {
  tid: string;
  /** Unix seconds of posting, when the row has it. */
  at: number | null;
  raw: Record<string, unknown>;
}

/** Newest first: keeps rows until the first one at/below the watermark or older than `since`. */
function takeFresh(rows: Row[], meta: Record<string, unknown>): { fresh: Row[]; stopped: boolean; cutAt: string | null } {
  const watermark = num(meta.watermark) ?? 0;
  const sinceSec = num(meta.sinceSec) ?? 0;
  const cut = rows.findIndex((r) => Number(r.tid) <= watermark || (sinceSec > 0 && r.at !== null && r.at < sinceSec));
  return cut === -1 ? { fresh: rows, stopped: false, cutAt: null } : { fresh: rows.slice(0, cut), stopped: true, cutAt: rows[cut]!.tid };
}

function toRows(list: unknown[], url: string): Row[] {
  return list.map((raw) => {
    if (!isRecord(raw)) throw new ParseError('list row is not an object', { details: { url } });
    return { tid: requireId(raw, 'tid', url), at: num(raw.createDateline) ?? num(raw.dateline), raw };
  });
}

/** More pages only after a full page (the old front end stops on a short or empty one). */
function hasMore(rows: Row[], stopped: boolean, meta: Record<string, unknown>, maxPages: number): boolean {
  return !stopped && isFull(rows, meta) && (num(meta.page) ?? 1) < maxPages;
}

function isFull(rows: Row[], meta: Record<string, unknown>): boolean {
  return rows.length > 0 && rows.length >= (num(meta.pageSize) ?? 10);
}

/** Paging decision plus, on a list's last page, how its sweep ended (for the watermark). */
function pageEnd(rows: Row[], taken: ReturnType<typeof takeFresh>, meta: Record<string, unknown>, maxPages: number, scope: string) {
  const more = hasMore(rows, taken.stopped, meta, maxPages);
  const top = sweepTop(meta, taken.fresh.map((r) => r.tid));
  const listed = sweepListed(meta, taken.fresh.length);
  const checkpoint = checkpointOf(scope, top, listed, { cutAt: taken.cutAt, more, limited: !taken.stopped && isFull(rows, meta) });
  return { more, top, listed, checkpoint };
}

/** `POST /threads/queryThreadsList` → `{result, responseData[]}` (generations A and C). */
export function parseFormList(page: FetchedPage, ctx: ParseContext<RenminOptions>): ParseResult {
  const body = jsonBody(page);
  if (body.result !== 'success') {
    // T0001… codes come back in responseData, the text in resultDesc (old threads.js).
    throw new ParseError('list answered without success', {
      code: 'ERR_SITE_RESULT',
      details: { url: page.url, result: str(body.result), resultDesc: str(body.resultDesc), code: str(body.responseData) },
    });
  }
  const meta = ctx.task.meta;
  const fid = str(meta.fid) ?? '';
  const rows = toRows(requireArray(body, 'responseData', page.url), page.url);
  if (meta.statusSweep === true) {
    return statusPage(rows, ctx, (r) => detailTask(r.tid, str(r.raw.fid) ?? fid), (next, last, stop) =>
      formListTask({ ...ctx.options, state: 1 }, { fid, page: next, lastItem: last.tid }, stop),
    );
  }
  const taken = takeFresh(rows, meta);
  const follow: Task[] = taken.fresh.map((r) => detailTask(r.tid, str(r.raw.fid) ?? fid));
  const last = rows[rows.length - 1];
  const end = pageEnd(rows, taken, meta, ctx.options.maxPages, formScope(fid));
  if (last && end.more) {
    follow.push(formListTask(ctx.options, { fid, page: (num(meta.page) ?? 1) + 1, lastItem: last.tid, top: end.top, listed: end.listed }));
  }
  return { messages: [], follow, checkpoint: end.checkpoint };
}

/** SN0006 means the envelope or signature was refused: our signer no longer matches the site. */
export function assertSigned(body: Record<string, unknown>, url: string): void {
  if (body.code === 'SN0006') {
    throw new ParseError('signed API refused the signature (SN0006)', {
      code: 'ERR_SIGNATURE',
      details: { url, msg: str(body.msg) },
    });
  }
}

const FACT_KEYS = ['fid', 'forumName', 'forumPathName', 'subject', 'typeName', 'domainName', 'stateInfo', 'nickName'] as const;

/** Search hits are highlighted with `<label style=…>` inside subject and content (boards.md §1). */
const HIGHLIGHT = /<\/?label[^>]*>/gi;

function factsOf(raw: Record<string, unknown>): RowFacts {
  const facts: RowFacts = { dateline: num(raw.createDateline) ?? num(raw.dateline) };
  for (const key of FACT_KEYS) facts[key] = str(raw[key])?.replace(HIGHLIGHT, '') ?? null;
  return facts;
}

/** `POST /v1/threads/list/df|bw` → `resultData.data[]`, cursor in `resultData.lastItem`. */
export function parseSignedList(page: FetchedPage, ctx: ParseContext<RenminOptions>): ParseResult {
  const body = jsonBody(page);
  assertSigned(body, page.url);
  const meta = ctx.task.meta;
  const fid = str(meta.fid) ?? '';
  const rows = toRows(requireArray(body, 'resultData.data', page.url), page.url);
  const typeId = num(meta.typeId) ?? 5;
  // bw answers carry the cursor; df scrapers use the last tid. Prefer the server's.
  const cursorOf = (last: Row) => (isRecord(body.resultData) ? str(body.resultData.lastItem) : null) ?? last.tid;
  if (meta.statusSweep === true) {
    return statusPage(rows, ctx, (r) => signedDetailTask(r.tid, factsOf(r.raw)), (next, last, stop) =>
      signedListTask(ctx.options, { fid, page: next, lastItem: cursorOf(last), typeId }, stop),
    );
  }
  const taken = takeFresh(rows, meta);
  const follow: Task[] = taken.fresh.map((r) => signedDetailTask(r.tid, factsOf(r.raw)));
  const last = rows[rows.length - 1];
  const end = pageEnd(rows, taken, meta, ctx.options.maxPages, signedScope(fid, typeId));
  if (last && end.more) {
    follow.push(signedListTask(ctx.options, { fid, page: (num(meta.page) ?? 1) + 1, lastItem: cursorOf(last), typeId, top: end.top, listed: end.listed }));
  }
  return { messages: [], follow, checkpoint: end.checkpoint };
}

/** `POST /v2/threads/search` → `{code: 0, msg, data: {data[]}}`, paged by page number. */
export function parseSearchList(page: FetchedPage, ctx: ParseContext<RenminOptions>): ParseResult {
  const body = jsonBody(page);
  assertSigned(body, page.url);
  if (body.code !== 0 && body.code !== '0') {
    throw new ParseError('search answered with an error code', { code: 'ERR_SITE_RESULT', details: { url: page.url, code: str(body.code), msg: str(body.msg) } });
  }
  const meta = ctx.task.meta;
  const fid = str(meta.fid);
  const rows = toRows(requireArray(body, 'data.data', page.url), page.url);
  if (meta.statusSweep === true) {
    return statusPage(rows, ctx, (r) => signedDetailTask(r.tid, factsOf(r.raw)), (next, _last, stop) => statusSearchTask(ctx.options, { fid, page: next }, stop));
  }
  const taken = takeFresh(rows, meta);
  const follow: Task[] = taken.fresh.map((r) => signedDetailTask(r.tid, factsOf(r.raw)));
  const pageNo = num(meta.page) ?? 1;
  const end = pageEnd(rows, taken, meta, ctx.options.maxPages, feedScope(fid));
  if (end.more) follow.push(searchListTask(ctx.options, { fid, page: pageNo + 1, top: end.top, listed: end.listed }));
  return { messages: [], follow, checkpoint: end.checkpoint };
}

/**
 * A status sweep's page of any of the lists: every row younger than `sinceSec` with the
 * status it shows (the detail pages show the same `stateInfo` words), and the next page until
 * the rows reach that age (or `statusSweep.maxPages`). Ratings are not compared (`rated`
 * null): the signed detail carries none.
 */
function statusPage(rows: Row[], ctx: ParseContext<RenminOptions>, detail: (r: Row) => Task, next: (page: number, last: Row, stop: ReturnType<typeof statusStop>) => Task): ParseResult {
  const meta = ctx.task.meta;
  const sinceSec = num(meta.sinceSec) ?? 0;
  const taken = takeFresh(rows, { sinceSec });
  const states = taken.fresh.map((r) => ({ externalId: r.tid, status: str(r.raw.stateInfo), rated: null, detail: detail(r) }));
  const pageNo = num(meta.page) ?? 1;
  const last = rows[rows.length - 1];
  const more = last !== undefined && !taken.stopped && isFull(rows, meta) && pageNo < (ctx.options.statusSweep?.maxPages ?? 0);
  return { messages: [], follow: more ? [next(pageNo + 1, last, statusStop(sinceSec))] : [], rows: states };
}
