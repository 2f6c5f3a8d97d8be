import { buildMessage, isVisible, type SimMessage } from '../core/message.js';
import { SlotIndex } from '../core/slot-index.js';
import type { BoardDef } from '../board-def.js';
import { escapeHtml as e, formatCst, html } from '../http/respond.js';
import type { HandlerContext, SimRequest, SimResponse } from '../http/types.js';
import { indexOfUuid, uuidId } from './ids.js';
import { cityCore, localStatus, localType, satisfaction } from './labels.js';

const KEY = 'jiamusi';
const BOARD_ID = 5;
const PAGE_SIZE = 15;
// Two lists: 10030002 反映问题 and 10030001 咨询问题; posts split 2:1 between them.
const categories = new SlotIndex<string>([['10030002', 2], ['10030001', 1]]);

const page = (title: string, body: string, status = 200): SimResponse =>
  html(`<!DOCTYPE html><html><head><meta charset="utf-8"/><title>${title} - 佳木斯市人民政府</title></head><body>${body}</body></html>`, { status });

const org = (m: SimMessage): string => `佳木斯市${m.petition.dept}`;
const typeOf = (m: SimMessage): string => (categories.categoryOf(m.index) === '10030001' ? '咨询' : localType(m) === '咨询' ? '求助' : localType(m));

function listItem(m: SimMessage): string {
  return `<li><span class="bt"><a href="/html/zmhd/content/${m.externalId}.html" target="_blank">${e(m.petition.title)}</a></span>` +
    `<span class="lx">${typeOf(m)}</span><span class="bm">${e(org(m))}</span><span class="zt">${localStatus(m)}</span>` +
    `<span class="sj">${formatCst(m.postedAtMs).slice(0, 10)}</span></li>`;
}

function list(req: SimRequest, ctx: HandlerContext): SimResponse {
  const match = /jms_(\d+)_(\d+)\.html$/.exec(req.path);
  const cat = match?.[1] ?? '';
  const n = Number(match?.[2] ?? 0);
  const positions = categories.positions(new Set([cat]));
  const now = ctx.clock.nowMs();
  const total = positions.length ? categories.countBelow(positions, ctx.world.board(KEY).timeline.countAt(now)) : 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (!positions.length || n < 1 || n > pages) return page('页面不存在', '<p>页面不存在</p>', 404);
  const items: string[] = [];
  for (let r = total - 1 - (n - 1) * PAGE_SIZE; r >= 0 && r > total - 1 - n * PAGE_SIZE; r--) {
    items.push(listItem(buildMessage(ctx.world, KEY, categories.indexOfRank(positions, r), now)));
  }
  const pager = `<div class="pages">共${pages}页 ${n < pages ? `<a href="jms_${cat}_${n + 1}.html">下一页</a>` : ''}</div>`;
  return page(cat === '10030001' ? '咨询问题' : '反映问题', `<ul id="wszxList">${items.join('')}</ul>${pager}`);
}

function span(id: string, value: string): string {
  return `<span id="${id}">${value}</span>`;
}

function detail(req: SimRequest, ctx: HandlerContext): SimResponse {
  const id = /content\/([0-9a-f-]+)\.html$/.exec(req.path)?.[1] ?? '';
  const i = indexOfUuid(BOARD_ID, id);
  const now = ctx.clock.nowMs();
  if (i === null || !isVisible(ctx.world, KEY, i, now)) return page('页面不存在', '<p>页面不存在</p>', 404);
  const m = buildMessage(ctx.world, KEY, i, now, (_i, _p, pet) => `佳木斯市${pet.dept}`);
  const reply = m.replies[m.replies.length - 1];
  const body = `<table class="xx"><tr><td>来信人：${span('releaseMan', e(m.nick))}</td><td>咨询时间：${span('zxsj', formatCst(m.postedAtMs))}</td></tr>` +
    `<tr><td colspan="2">标题：${span('title', e(m.petition.title))}</td></tr>` +
    `<tr><td>类型：${span('conType', typeOf(m))}</td><td>状态：${span('state', localStatus(m))}</td></tr>` +
    `<tr><td colspan="2">内容：${span('content', m.petition.paragraphs.map(e).join('<br/>'))}</td></tr>` +
    `<tr><td colspan="2">附件：${span('accessory', '')}</td></tr>` +
    `<tr><td>承办单位：${span('conDept', reply ? e(reply.org) : '')}</td><td>回复时间：${span('replyTime', reply ? formatCst(reply.atMs) : '')}</td></tr>` +
    `<tr><td colspan="2">回复内容：${span('replyContent', reply ? reply.paragraphs.map(e).join('<br/>') : '')}</td></tr></table>` +
    `<div id="myd">${satisfaction(m) || '用户暂无评价'}</div>`;
  return page(e(m.petition.title), body);
}

export const jiamusiBoard: BoardDef = {
  key: KEY,
  boardId: BOARD_ID,
  defaultPostsPerHour: 4,
  makeCore: (spec) => cityCore(KEY, spec, { province: '黑龙江省', city: '佳木斯市' }, {
    externalId: (i) => uuidId(BOARD_ID, i),
    indexOf: (id) => indexOfUuid(BOARD_ID, id),
  }),
  routes: [
    { method: 'GET', path: /^\/html\/zmhd\/page\/jms_\d+_\d+\.html$/, handler: list },
    { method: 'GET', path: /^\/html\/zmhd\/content\/[0-9a-f-]+\.html$/, handler: detail },
  ],
};
