import { buildMessage, isVisible, type SimMessage } from '../core/message.js';
import type { BoardDef } from '../board-def.js';
import { escapeHtml as e, formatCst, formOf, html, intParam, json, jsonOf } from '../http/respond.js';
import type { HandlerContext, SimRequest, SimResponse } from '../http/types.js';
import { indexOfStepped, pageIndices, steppedId } from './ids.js';
import { cityCore, localType } from './labels.js';

const KEY = 'beijing';
const BOARD_ID = 7;
const ID_BASE = 20_000_000_000;
const BASE = '/hudong/hdjl';
// One detail flow per letter type; the wrong flow shows an empty "not found" page.
const flows = { 咨询: 'com.web.consult.consultDetail.flow', 建议: 'com.web.suggest.suggesDetail.flow', 投诉: 'com.web.complain.complainDetail.flow' } as const;
type LetterType = keyof typeof flows;

const letterType = (m: SimMessage): LetterType => {
  const t = localType(m);
  return t === '咨询' || t === '建议' ? t : '投诉';
};
const originalId = (i: number): string => `AH${steppedId(ID_BASE, 3, i)}`;
const indexOfOriginal = (id: string): number | null => (id.startsWith('AH') ? indexOfStepped(ID_BASE, 3, Number(id.slice(2))) : null);

const page = (title: string, body: string, status = 200, headers: Record<string, string> = {}): SimResponse =>
  html(`<!DOCTYPE html><html><head><meta charset="utf-8"/><title>${title}</title></head><body><div class="container">${body}</div></body></html>`, { status, headers });

// The list API needs the session cookie from a prior GET of the search page; without it the
// JSON comes back empty rather than failing (a silent trap, noted in boards.md §3.2 item 4).
function mailList(req: SimRequest, ctx: HandlerContext): SimResponse {
  const parsed = jsonOf(req) as Record<string, unknown> | null;
  const form = parsed ? null : formOf(req);
  const get = (k: string): unknown => (parsed ? (parsed.PageCond as Record<string, unknown> | undefined)?.[k] ?? parsed[`PageCond/${k}`] : form?.get(`PageCond/${k}`));
  const begin = intParam(get('begin'), 0, 0);
  const length = intParam(get('length'), 6, 1, 100);
  const now = ctx.clock.nowMs();
  const count = req.cookies.JSESSIONID ? ctx.world.board(KEY).timeline.countAt(now) : 0;
  const indices = pageIndices(count - begin, 1, length);
  const rows = indices.map((i) => {
    const m = buildMessage(ctx.world, KEY, i, now);
    return { letter_type: letterType(m), original_id: m.externalId, letter_title: m.petition.title, create_date: formatCst(m.postedAtMs).slice(0, 10), isReply: m.status === 'replied', catalog_id: String(1000 + (i % 12)), org_id: String(200 + (i % 30)) };
  });
  const totalPage = Math.ceil(count / length);
  return json({ PageCond: { begin, length, count, totalPage, isCount: true, isFirst: begin === 0, isLast: begin + length >= count }, mailList: rows });
}

const cls = (base: string, m: SimMessage): string => (m.index % 3 === 0 ? `${base} ` : base);

function detailHtml(m: SimMessage): string {
  const reply = m.replies[m.replies.length - 1];
  const question = `<div class="row clearfix my-5 o-border p-2"><div class="col-xs-12 col-md-12 column"><strong>${e(m.petition.title)}</strong></div>` +
    `<div class="${cls('col-xs-10 col-lg-3 col-sm-3 col-md-4 text-muted', m)}">来信人：${e(m.nick)}</div>` +
    `<div class="${cls('col-xs-5 col-lg-3 col-sm-3 col-md-3 text-muted', m)}">时间：${formatCst(m.postedAtMs).slice(0, 10)}</div>` +
    `<div class="${cls('col-xs-12 col-md-12 column p-2 text-muted mx-2', m)}">${m.petition.paragraphs.map(e).join('<br/>')}</div></div>`;
  const answer = reply ? `<div class="row clearfix my-5 o-border p-2"><div class="${cls('col-xs-9 col-sm-7 col-md-5 o-font4 my-2', m)}"><strong>${e(reply.org)}</strong></div>` +
    `<div class="${cls('col-xs-12 col-sm-3 col-md-3 my-2', m)}">答复时间：${formatCst(reply.atMs).slice(0, 10)}</div>` +
    `<div class="${cls('col-xs-12 col-md-12 column p-4 text-muted my-3', m)}">${reply.paragraphs.map(e).join('<br/>')}</div></div>` : '';
  return question + answer;
}

function detail(type: LetterType) {
  return (req: SimRequest, ctx: HandlerContext): SimResponse => {
    const i = indexOfOriginal(req.query.get('originalId') ?? '');
    const now = ctx.clock.nowMs();
    if (i === null || !isVisible(ctx.world, KEY, i, now)) return page('信件不存在', '<p>信件不存在</p>', 404);
    const m = buildMessage(ctx.world, KEY, i, now);
    if (letterType(m) !== type) return page('信件不存在', '<p>信件不存在</p>', 404);
    return page(e(m.petition.title), detailHtml(m));
  };
}

export const beijingBoard: BoardDef = {
  key: KEY,
  boardId: BOARD_ID,
  defaultPostsPerHour: 20,
  makeCore: (spec) => cityCore(KEY, spec, { province: '北京市', city: '北京市' }, { externalId: originalId, indexOf: indexOfOriginal }),
  routes: [
    { method: 'GET', path: `${BASE}/com.web.search.mailList.flow`, handler: () => page('政民互动', '<div id="mailList"></div>', 200, { 'set-cookie': 'JSESSIONID=sim-bj-session; Path=/; HttpOnly' }) },
    { method: 'POST', path: `${BASE}/com.web.search.mailList.mailList.biz.ext`, handler: mailList },
    ...(Object.keys(flows) as LetterType[]).map((t) => ({ method: 'GET' as const, path: `${BASE}/${flows[t]}`, handler: detail(t) })),
  ],
};
