import { buildMessage, isVisible, type SimMessage } from '../core/message.js';
import type { BoardDef } from '../board-def.js';
import { escapeHtml as e, formatCst, html } from '../http/respond.js';
import type { HandlerContext, SimRequest, SimResponse } from '../http/types.js';
import { hexId, indexOfHexId, pageIndices } from './ids.js';
import { cityCore, dailySeq, localStatus, localType } from './labels.js';

const KEY = 'dalian';
const BOARD_ID = 4;
const PAGE_SIZE = 10;
const ORG = '大连市发展和改革委员会';

// GBK with the charset only in <meta>: clients must sniff it (boards.md §3.2 item 1).
const gbkPage = (title: string, body: string, status = 200): SimResponse =>
  html(`<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"/><title>${title}</title></head><body>${body}</body></html>`,
    { status, charset: 'gbk', charsetInHeader: false });

function letterNo(ctx: HandlerContext, i: number): string {
  const { ymd, seq } = dailySeq(ctx.world.board(KEY).timeline, i);
  return `G${ymd}-${String(seq).padStart(4, '0')}`;
}

function listItem(ctx: HandlerContext, m: SimMessage): string {
  return `<li><a class="bh">${letterNo(ctx, m.index)}</a><a href="detail.jspx?gdId=${m.externalId}" target="_blank"><span>${e(m.petition.title)}</span></a>` +
    `<a class="lx">${localType(m)}</a><a class="zt">${localStatus(m)}</a><a class="dw">${ORG}</a></li>`;
}

function list(req: SimRequest, ctx: HandlerContext): SimResponse {
  const n = Number(/xjlb_(\d+)\.jspx$/.exec(req.path)?.[1] ?? 0);
  const now = ctx.clock.nowMs();
  const count = ctx.world.board(KEY).timeline.countAt(now);
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
  if (n < 1 || n > pages) return gbkPage('页面不存在', '<p>页面不存在</p>', 404);
  const items = pageIndices(count, n, PAGE_SIZE).map((i) => listItem(ctx, buildMessage(ctx.world, KEY, i, now, () => ORG)));
  const pager = `<div class="page">共${pages}页 ${n < pages ? `<a href="xjlb_${n + 1}.jspx">下一页</a>` : ''}</div>`;
  return gbkPage('信件列表', `<div class="list"><ul class="mt10">${items.join('')}</ul>${pager}</div>`);
}

function row(label: string, value: string): string {
  return `<tr><th>${label}</th><td>${value}</td></tr>`;
}

function detail(req: SimRequest, ctx: HandlerContext): SimResponse {
  const i = indexOfHexId(BOARD_ID, req.query.get('gdId') ?? '');
  const now = ctx.clock.nowMs();
  if (i === null || !isVisible(ctx.world, KEY, i, now)) return gbkPage('信件不存在', '<p>该信件不存在或已删除</p>', 404);
  const m = buildMessage(ctx.world, KEY, i, now, () => ORG);
  const reply = m.replies[m.replies.length - 1];
  const table = `<table class="detail"><tbody>${row('反映标题', e(m.petition.title))}${row('受理编号', letterNo(ctx, i))}` +
    `${row('反映内容', m.petition.paragraphs.map(e).join('<br/>'))}${row('受理单位', ORG)}` +
    `${row('答复内容', reply ? reply.paragraphs.map(e).join('<br/>') : '')}` +
    `<tr><td>反映时间：${formatCst(m.postedAtMs)}</td><td>反馈时间：${reply ? formatCst(reply.atMs) : ''}</td></tr>` +
    `${row('处理状态', localStatus(m))}</tbody></table>`;
  return gbkPage(e(m.petition.title), table);
}

export const dalianBoard: BoardDef = {
  key: KEY,
  boardId: BOARD_ID,
  defaultPostsPerHour: 4,
  makeCore: (spec) => cityCore(KEY, spec, { province: '辽宁省', city: '大连市' }, {
    externalId: (i) => hexId(BOARD_ID, i),
    indexOf: (id) => indexOfHexId(BOARD_ID, id),
  }),
  routes: [
    { method: 'GET', path: /^\/fgw\/gzjl\/xjlb_\d+\.jspx$/, handler: list },
    { method: 'GET', path: '/fgw/gzjl/detail.jspx', handler: detail },
  ],
};
