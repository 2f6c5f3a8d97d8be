import { statusAt } from '../core/lifecycle.js';
import { buildMessage, isVisible, type SimMessage } from '../core/message.js';
import { formOf, intParam, json, jsonOf } from '../http/respond.js';
import type { HandlerContext, Route, SimRequest, SimResponse } from '../http/types.js';
import { citySlots, detailData, isReplyCode, listRow, rednetTypes } from './board.js';

type Body = Record<string, unknown>;

/** Scrapers post JSON, but one form-encodes; accept both. */
function bodyOf(req: SimRequest): Body {
  const parsed = jsonOf(req);
  if (parsed && typeof parsed === 'object') return parsed as Body;
  return Object.fromEntries(formOf(req));
}

const present = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

interface Filters {
  readonly cityId?: number;
  readonly isReply?: number;
  readonly typeId?: number;
  readonly search?: string;
}

function matches(m: SimMessage, f: Filters): boolean {
  if (f.typeId !== undefined && listRow(m).type_id !== f.typeId) return false;
  if (f.search && !m.petition.title.includes(f.search) && !m.petition.paragraphs.join('').includes(f.search)) return false;
  return true;
}

/** City-only filters page arithmetically; status, type and search scan the newest window. */
function page(ctx: HandlerContext, f: Filters, pageNo: number, size: number): { rows: SimMessage[]; total: number } {
  const now = ctx.clock.nowMs();
  const count = ctx.world.board(ctx.board).timeline.countAt(now);
  const positions = f.cityId === undefined ? null : citySlots.positions(new Set([f.cityId]));
  const total = positions ? citySlots.countBelow(positions, count) : count;
  const nth = (rank: number): number => (positions ? citySlots.indexOfRank(positions, total - 1 - rank) : count - 1 - rank);
  const build = (i: number): SimMessage => buildMessage(ctx.world, ctx.board, i, now);
  if (f.isReply === undefined && f.typeId === undefined && !f.search) {
    const rows: SimMessage[] = [];
    for (let r = (pageNo - 1) * size; r < Math.min(total, pageNo * size); r++) rows.push(build(nth(r)));
    return { rows, total };
  }
  const hits: SimMessage[] = [];
  for (let r = 0; r < Math.min(total, ctx.scanLimit); r++) {
    const i = nth(r);
    // Status comes from the cheap lifecycle; text is only generated for candidates.
    if (f.isReply !== undefined && f.isReply !== 3 && isReplyCode[statusAt(ctx.world.lifecycle(ctx.board, i), now)] !== f.isReply) continue;
    const m = build(i);
    if (matches(m, f)) hits.push(m);
  }
  return { rows: hits.slice((pageNo - 1) * size, pageNo * size), total: hits.length };
}

function listHandler(honourSearch: boolean, sizeKeys: readonly string[]) {
  return (req: SimRequest, ctx: HandlerContext): SimResponse => {
    const b = bodyOf(req);
    const size = intParam(sizeKeys.map((k) => b[k]).find(present), 10, 1, 100);
    const pageNo = intParam(b.page ?? b.currentPage, 1, 1);
    const typeId = present(b.type_id) ? intParam(b.type_id, 0) : Object.values(rednetTypes).find(([, n]) => n === b.type)?.[0];
    const filters: Filters = {
      cityId: present(b.city_id) ? intParam(b.city_id, 0) : undefined,
      isReply: present(b.is_reply) ? intParam(b.is_reply, 0) : undefined,
      typeId,
      // /front/msg/list ignores `search` silently (boards.md §2.1).
      search: honourSearch && typeof b.search === 'string' && b.search.trim() ? b.search.trim() : undefined,
    };
    const { rows, total } = page(ctx, filters, pageNo, size);
    return json({ status: '1', msg: 'success', data: { rows: rows.map(listRow), total, page: pageNo, page_num: size } });
  };
}

function detail(req: SimRequest, ctx: HandlerContext): SimResponse {
  const i = ctx.world.board(ctx.board).indexOf(req.query.get('id') ?? '');
  const now = ctx.clock.nowMs();
  if (i === null || !isVisible(ctx.world, ctx.board, i, now)) return json({ status: '0', msg: '留言不存在或已删除', data: null }, 404);
  return json({ status: '1', msg: 'success', data: detailData(buildMessage(ctx.world, ctx.board, i, now)) });
}

/** rapi.rednet.cn (百姓呼声). */
export const rednetPeopleRoutes: readonly Route[] = [
  { method: 'POST', path: '/front/msg/list', handler: listHandler(false, ['page_num', 'pageSize']) },
  { method: 'POST', path: '/front/msg/index', handler: listHandler(true, ['page_num', 'pageSize']) },
  { method: 'GET', path: '/front/msg/detail', handler: detail },
];

/** wzapi.rednet.cn (问政湖南): `pageNum` is the page size there. */
export const rednetWzRoutes: readonly Route[] = [
  { method: 'POST', path: '/front/msg/index', handler: listHandler(true, ['pageNum', 'page_num']) },
  { method: 'GET', path: '/front/msg/detail', handler: detail },
];
