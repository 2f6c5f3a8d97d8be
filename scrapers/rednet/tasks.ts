/** Task builders for the 红网 list and detail endpoints (pure). */
import { withQuery } from '../../src/parse/urls.js';
import type { Task } from '../../src/sources/define-source.js';
import type { RednetBoard, RednetOptions } from './options.js';

const empty = (v: number | undefined): string | number => (v === undefined ? '' : v);

/**
 * 百姓呼声 pages with `/front/msg/list` (which silently ignores `search`); 问政湖南 only has
 * `/front/msg/index`, where `pageNum` is the page size, not the page number.
 */
function listBody(board: RednetBoard, opts: RednetOptions, page: number): Record<string, unknown> {
  if (board === 'wenzheng') {
    return { ready: '1', is_reply: empty(opts.isReply), type: '', cate_id: '', pageNum: opts.pageSize, page };
  }
  return {
    is_list: 1, is_reply: empty(opts.isReply), page, page_num: opts.pageSize,
    cate_id: '', area_id: '', type_id: '', city_id: empty(opts.cityId), start_time: '', end_time: '',
  };
}

/** `top`, `listed`: the highest id and the row count the earlier pages of this sweep listed. */
export function listTask(board: RednetBoard, opts: RednetOptions, page: number, top: number | null = null, listed = 0): Task {
  return {
    kind: 'list',
    method: 'POST',
    path: board === 'wenzheng' ? '/front/msg/index' : '/front/msg/list',
    // JSON, not a form: the safe choice per the scrapers that work today.
    json: listBody(board, opts, page),
    meta: {
      board,
      page,
      pageSize: opts.pageSize,
      watermark: opts.watermark,
      sinceMs: opts.since ? opts.since.getTime() : 0,
      scope: board,
      top,
      listed,
    },
  };
}

/** List facts the detail answer may omit (it is documented with title, content, reply only). */
export type RowFacts = Record<string, string | number | null>;

/** Keyed by id, not by sweep: found again later, it is not fetched again (see renmin/tasks.ts). */
export function detailTask(id: string, facts: RowFacts): Task {
  return { kind: 'detail', path: withQuery('/front/msg/detail', { id }), key: `id:${id}`, meta: { id, ...facts } };
}
