import * as OpenCC from 'opencc-js/cn2t';
import { buildMessage, isVisible, type SimMessage } from '../core/message.js';
import { Rng } from '../core/prng.js';
import type { BoardDef } from '../board-def.js';
import { escapeHtml as e, formatCst, html, intParam } from '../http/respond.js';
import type { HandlerContext, SimRequest, SimResponse } from '../http/types.js';
import { indexOfStepped, pageIndices, steppedId } from './ids.js';
import { cityCore, localStatus } from './labels.js';

const KEY = 'trad-board';
const BOARD_ID = 8;
const PAGE_SIZE = 20;
const ID_BASE = 500_000;
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'hk' });

// Some writers add pinyin after characters (來(lái)); the pipeline must strip these.
const pinyin: Readonly<Record<string, string>> = {
  來: 'lái', 區: 'qū', 問: 'wèn', 題: 'tí', 請: 'qǐng', 業: 'yè', 處: 'chù', 學: 'xué', 電: 'diàn', 樓: 'lóu',
  費: 'fèi', 維: 'wéi', 修: 'xiū', 違: 'wéi', 醫: 'yī', 保: 'bǎo', 噪: 'zào', 路: 'lù', 工: 'gōng', 資: 'zī',
};

/** Simplified → Traditional, then seeded pinyin annotations and doubled punctuation. */
export function tradText(text: string, rng: Rng): string {
  let out = '';
  for (const ch of toTraditional(text)) {
    const py = pinyin[ch];
    out += py && rng.chance(0.3) ? `${ch}(${py})` : ch;
    if ((ch === '，' || ch === '。') && rng.chance(0.15)) out += ch;
  }
  return out;
}

const page = (title: string, body: string, status = 200): SimResponse =>
  html(`<!DOCTYPE html><html lang="zh-Hant"><head><meta charset="utf-8"/><title>${title} - 市民意見區</title></head><body>${body}</body></html>`, { status });

const tr = (m: SimMessage, salt: number, text: string): string => tradText(text, new Rng(m.index, BOARD_ID, salt));
const statusText = (m: SimMessage): string => toTraditional(localStatus(m));

function list(req: SimRequest, ctx: HandlerContext): SimResponse {
  const now = ctx.clock.nowMs();
  const count = ctx.world.board(KEY).timeline.countAt(now);
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
  const n = intParam(req.query.get('page'), 1, 1);
  if (n > pages) return page('沒有資料', '<p>沒有更多資料</p>', 404);
  const rows = pageIndices(count, n, PAGE_SIZE).map((i) => {
    const m = buildMessage(ctx.world, KEY, i, now);
    return `<tr class="topic"><td class="subject"><a href="thread.php?id=${m.externalId}">${e(tr(m, 1, m.petition.title))}</a></td>` +
      `<td class="author">${e(m.nick)}</td><td class="date">${formatCst(m.postedAtMs)}</td><td class="status">${statusText(m)}</td></tr>`;
  });
  const next = n < pages ? `<a class="next" href="list.php?page=${n + 1}">下一頁</a>` : '';
  return page('意見列表', `<table class="topics">${rows.join('')}</table><div class="pager">第${n}頁，共${pages}頁 ${next}</div>`);
}

function detail(req: SimRequest, ctx: HandlerContext): SimResponse {
  const i = indexOfStepped(ID_BASE, 2, Number(req.query.get('id')));
  const now = ctx.clock.nowMs();
  if (i === null || !isVisible(ctx.world, KEY, i, now)) return page('找不到頁面', '<p>找不到此帖子</p>', 404);
  const m = buildMessage(ctx.world, KEY, i, now);
  const replies = m.replies.map((r, k) => `<div class="reply"><div class="reply-org">${e(toTraditional(r.org))}</div>` +
    `<span class="reply-date">${formatCst(r.atMs)}</span><div class="reply-body">${r.paragraphs.map((p, j) => e(tr(m, 10 + k * 10 + j, p))).join('<br/>')}</div></div>`).join('');
  const body = `<h1 class="subject">${e(tr(m, 1, m.petition.title))}</h1><div class="meta"><span class="author">${e(m.nick)}</span>` +
    `<span class="date">${formatCst(m.postedAtMs)}</span><span class="status">${statusText(m)}</span></div>` +
    `<div class="post-body">${m.petition.paragraphs.map((p, j) => e(tr(m, 2 + j, p))).join('<br/>')}</div>${replies}`;
  return page(e(tr(m, 1, m.petition.title)), body);
}

export const tradBoard: BoardDef = {
  key: KEY,
  boardId: BOARD_ID,
  defaultPostsPerHour: 4,
  makeCore: (spec) => cityCore(KEY, spec, { province: '香港特别行政区', city: '香港' }, {
    externalId: (i) => String(steppedId(ID_BASE, 2, i)),
    indexOf: (id) => indexOfStepped(ID_BASE, 2, Number(id)),
  }),
  routes: [
    { method: 'GET', path: '/forum/list.php', handler: list },
    { method: 'GET', path: '/forum/thread.php', handler: detail },
  ],
};
