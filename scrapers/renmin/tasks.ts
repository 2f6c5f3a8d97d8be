/** Task builders shared by the seeds and the list parsers (pure). */
import type { Task } from '../../src/sources/define-source.js';
import { withQuery } from '../../src/parse/urls.js';
import { isMinistryFid, type RenminOptions } from './options.js';
import { signedEnvelope } from './sign.js';

/** Paging state carried from one list page to the next. */
export interface ListCursor {
  fid: string;
  /** 1-based page number within this run. */
  page: number;
  /** tid of the last row of the previous page; '' (signed) or '0' (form) on the first page. */
  lastItem: string;
  /** Signed transport only: the tab being paged. */
  typeId?: number;
  /** Highest tid listed by the earlier pages of this sweep (for the watermark). */
  top?: number | null;
  /** Rows the earlier pages of this sweep took. */
  listed?: number;
}

/** Watermark scopes: a form list is one per forum; the signed list is paged per tab; a search feed per fid or site. */
export const formScope = (fid: string): string => fid;
export const signedScope = (fid: string, typeId: number): string => `${fid}:${typeId}`;
export const feedScope = (fid: string | null): string => `search:${fid ?? 'site'}`;

/** Where a list's pages stop: a sweep's watermark and window, or a status sweep's window. */
type StopMeta = Record<string, string | number | boolean | null>;

/** Facts every list task carries so the parser can decide where to stop. */
function stopMeta(opts: RenminOptions, scope: string, c: ListCursor): StopMeta {
  return {
    scope,
    listed: c.listed ?? 0,
    watermark: opts.watermarks[scope] ?? 0,
    // Unix seconds, comparable with the rows' `dateline` without any date parsing.
    sinceSec: opts.since ? Math.floor(opts.since.getTime() / 1000) : 0,
    top: c.top ?? null,
  };
}

/** Generation A/C: form POST; GET answers 405 on this endpoint. */
export function formListTask(opts: RenminOptions, c: ListCursor, stop: StopMeta = stopMeta(opts, formScope(c.fid), c)): Task {
  const pro = opts.formVariant === 'pro';
  // Classic always answers 10 rows whatever is asked; the short-page rule must use 10.
  const pageSize = pro ? opts.pageSize : 10;
  const form: Record<string, string> = { fid: c.fid, lastItem: c.lastItem, state: String(opts.state) };
  if (pro) form.pageSize = String(pageSize);
  return {
    kind: 'list',
    method: 'POST',
    path: pro ? '/pro-dfbbs-front/threads/queryThreadsList' : '/threads/queryThreadsList',
    form,
    headers: { 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json, text/javascript, */*; q=0.01' },
    meta: { fid: c.fid, page: c.page, pageSize, ...stop },
  };
}

/** Generation B: signed envelope; key order of `param` is part of the signature. */
export function signedListTask(opts: RenminOptions, c: ListCursor, stop: StopMeta = stopMeta(opts, signedScope(c.fid, c.typeId ?? 5), c)): Task {
  const ministry = isMinistryFid(c.fid);
  const path = ministry ? '/v1/threads/list/bw' : '/v1/threads/list/df';
  // Captured requests send ministry fids as numbers with position 1, local fids as strings with 0.
  const param = {
    fid: ministry ? Number(c.fid) : c.fid,
    showUnAnswer: 1,
    typeId: c.typeId ?? 5,
    lastItem: c.lastItem,
    position: ministry ? 1 : 0,
    rows: opts.pageSize,
    orderType: 2,
  };
  return {
    kind: 'signedList',
    method: 'POST',
    path,
    json: signedEnvelope(path, param),
    headers: { token: '' },
    meta: { fid: c.fid, page: c.page, pageSize: opts.pageSize, typeId: c.typeId ?? 5, ...stop },
  };
}

/** Paging state of a search feed: `fid` null lists the whole site. */
export interface FeedCursor {
  fid: string | null;
  page: number;
  top?: number | null;
  listed?: number;
}

export const SEARCH_PATH = '/v2/threads/search';

/**
 * The site search with no keywords, newest first (`sortType` "0"), as the SPA's
 * /messageSearch sends it: param keys in the captured order (they are signed as sent).
 */
export function searchListTask(opts: RenminOptions, c: FeedCursor): Task {
  return searchTask(opts, c, stopMeta(opts, feedScope(c.fid), { ...c, fid: c.fid ?? '', lastItem: '' }));
}

/**
 * The stop facts of a status sweep's page (any of the three lists): no watermark scope (it
 * lists known posts on purpose), paged down to posts `sinceSec` old (src/pipeline/status-sweep.ts).
 */
export const statusStop = (sinceSec: number): StopMeta => ({ statusSweep: true, sinceSec });

/** A page of a status sweep over the search feed (`stop`: statusStop). */
export function statusSearchTask(opts: RenminOptions, c: { fid: string | null; page: number }, stop: StopMeta): Task {
  return searchTask(opts, c, stop);
}

function searchTask(opts: RenminOptions, c: { fid: string | null; page: number }, stop: StopMeta): Task {
  const param = {
    position: 0,
    keywords: '',
    fid: c.fid,
    domainId: null,
    typeId: null,
    timeRange: null,
    ansChecked: false,
    stTime: null,
    sortType: '0',
    page: c.page,
    rows: opts.feedRows,
  };
  return {
    kind: 'searchList',
    method: 'POST',
    path: `${SEARCH_PATH}?sortType=0`,
    json: signedEnvelope(SEARCH_PATH, param),
    headers: { token: '' },
    meta: { fid: c.fid, page: c.page, pageSize: opts.feedRows, ...stop },
  };
}

/**
 * Detail tasks are keyed by tid, not by sweep: a message found again on a later sweep is not
 * fetched again; its re-visits follow the schedule set when it was stored.
 */
export const detailKey = (tid: string): string => `tid:${tid}`;

/** The server-rendered detail page; list content is cut at ~100 chars, so every row needs it. */
export function detailTask(tid: string, fid: string): Task {
  return { kind: 'detail', path: withQuery('/threads/content', { tid }), key: detailKey(tid), meta: { tid, fid } };
}

/** List-row facts the signed content answer may lack (it has no forum, type or domain names). */
export type RowFacts = Record<string, string | number | null>;

export function signedDetailTask(tid: string, facts: RowFacts): Task {
  const path = '/v1/threads/content';
  return {
    kind: 'signedDetail',
    method: 'POST',
    path,
    json: signedEnvelope(path, { tid, fromTrash: 0 }),
    headers: { token: '' },
    key: detailKey(tid),
    meta: { tid, ...facts },
  };
}
