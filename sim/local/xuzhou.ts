import { createHash } from 'node:crypto';
import { buildMessage, isVisible, type SimMessage } from '../core/message.js';
import type { BoardDef } from '../board-def.js';
import { escapeHtml as e, formatCst, formOf, html } from '../http/respond.js';
import type { HandlerContext, SimRequest, SimResponse } from '../http/types.js';
import { indexOfStepped, pageIndices, steppedId } from './ids.js';
import { cityCore, dailySeq, localStatus, localType, satisfaction } from './labels.js';

const KEY = 'xuzhou';
const BOARD_ID = 6;
const PAGE_SIZE = 15;
const ID_BASE = 3_000_000;
const LIST_PATH = '/xzbmweb/ywxxtemplate/ggfw_slgs.aspx';
const PAGER = 'CaseGgfwAll1$Pager';

const page = (title: string, body: string, status = 200): SimResponse =>
  html(`<!DOCTYPE html><html><head><meta charset="utf-8"/><title>${title}</title></head><body>${body}</body></html>`, { status });

// __VIEWSTATE is opaque but MAC-protected on real sites; ours carries the page and a hash so a
// forged or missing one is rejected like "Validation of viewstate MAC failed".
function viewState(seed: number, pageNo: number): string {
  const mac = createHash('sha1').update(`${seed}:${pageNo}`).digest('hex').slice(0, 16);
  return Buffer.from(`/wEPDwUK${pageNo}|${mac}`).toString('base64');
}

function isValidViewState(seed: number, value: string | null): boolean {
  if (!value) return false;
  const pageNo = Number(/^\/wEPDwUK(\d+)\|/.exec(Buffer.from(value, 'base64').toString())?.[1] ?? NaN);
  return Number.isInteger(pageNo) && viewState(seed, pageNo) === value;
}

function caseNo(ctx: HandlerContext, i: number): string {
  const { ymd, seq } = dailySeq(ctx.world.board(KEY).timeline, i);
  return `${ymd}${String(seq).padStart(5, '0')}`;
}

function row(ctx: HandlerContext, m: SimMessage, n: number): string {
  const url = `../ywxxtemplate/CaseDetail.aspx?CaseId=${m.externalId}`;
  return `<tr class="HeadStyleOfDataGridItemStyle"><td><font>${n}</font></td><td><font>${caseNo(ctx, m.index)}</font></td>` +
    `<td><font><a href="#" onclick='window.open("${url}")'>${e(m.petition.title)}</a></font></td>` +
    `<td>${localType(m)}</td><td>${e(m.replies[0]?.org ?? `徐州市${m.petition.dept}`)}</td><td>${localStatus(m)}</td></tr>`;
}

function listPage(ctx: HandlerContext, pageNo: number): SimResponse {
  const now = ctx.clock.nowMs();
  const count = ctx.world.board(KEY).timeline.countAt(now);
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
  const p = Math.min(Math.max(1, pageNo), pages);
  const rows = pageIndices(count, p, PAGE_SIZE).map((i, k) => row(ctx, buildMessage(ctx.world, KEY, i, now), (p - 1) * PAGE_SIZE + k + 1));
  const links = [p - 1, p + 1].filter((x) => x >= 1 && x <= pages)
    .map((x) => `<a href="javascript:__doPostBack('${PAGER}','${x}')">${x < p ? '上一页' : '下一页'}</a>`).join(' ');
  const form = `<form name="form1" method="post" action="ggfw_slgs.aspx" id="form1">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value=""/><input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value=""/>
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="${viewState(ctx.world.seed, p)}"/>
<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="/wEWAgL${p}"/>
<table id="CaseGgfwAll1_DataGrid1" class="DataGrid"><tr class="HeadStyleOfDataGrid"><td>序号</td><td>工单号</td><td>标题</td><td>类型</td><td>办理部门</td><td>办理状态</td></tr>${rows.join('')}</table>
<div id="CaseGgfwAll1_Pager">第${p}页/共${pages}页 ${links} <input type="text" name="${PAGER}_input" value="${p - 1}"/></div></form>`;
  return page('受理公示 - 徐州12345', form);
}

function postBack(req: SimRequest, ctx: HandlerContext): SimResponse {
  const form = formOf(req);
  if (!isValidViewState(ctx.world.seed, form.get('__VIEWSTATE'))) {
    return page('运行时错误', '<h2><i>Validation of viewstate MAC failed.</i></h2>', 500);
  }
  const target = form.get('__EVENTTARGET');
  const arg = Number(form.get('__EVENTARGUMENT'));
  return listPage(ctx, target === PAGER && Number.isInteger(arg) ? arg : 1);
}

function detail(req: SimRequest, ctx: HandlerContext): SimResponse {
  const i = indexOfStepped(ID_BASE, 3, Number(req.query.get('CaseId')));
  const now = ctx.clock.nowMs();
  if (i === null || !isVisible(ctx.world, KEY, i, now)) return page('错误', '<p>该工单不存在</p>', 404);
  const m = buildMessage(ctx.world, KEY, i, now);
  const reply = m.replies[m.replies.length - 1];
  const lbl = (id: string, v: string): string => `<tr><td><span id="CaseDetail_lbl_${id}">${v}</span></td></tr>`;
  const body = `<table class="CaseDetail">${lbl('title', e(m.petition.title))}${lbl('requestDate', formatCst(m.postedAtMs))}` +
    `${lbl('content', m.petition.paragraphs.map(e).join('<br>'))}${lbl('CaseType', localType(m))}` +
    `${lbl('answerDate', reply ? formatCst(reply.atMs) : '')}${lbl('AnswerContent', reply ? reply.paragraphs.map(e).join('<br>') : '')}` +
    `${lbl('result', satisfaction(m))}${lbl('bcfk', '')}</table>`;
  return page(e(m.petition.title), body);
}

export const xuzhouBoard: BoardDef = {
  key: KEY,
  boardId: BOARD_ID,
  defaultPostsPerHour: 10,
  makeCore: (spec) => cityCore(KEY, spec, { province: '江苏省', city: '徐州市' }, {
    externalId: (i) => String(steppedId(ID_BASE, 3, i)),
    indexOf: (id) => indexOfStepped(ID_BASE, 3, Number(id)),
  }),
  routes: [
    { method: 'GET', path: LIST_PATH, handler: (_req, ctx) => listPage(ctx, 1) },
    { method: 'POST', path: LIST_PATH, handler: postBack },
    { method: 'GET', path: '/xzbmweb/ywxxtemplate/CaseDetail.aspx', handler: detail },
  ],
};
