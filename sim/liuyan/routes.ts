import { buildMessage, isVisible } from '../core/message.js';
import { formOf, html, intParam, json } from '../http/respond.js';
import type { HandlerContext, Route, SimRequest, SimResponse } from '../http/types.js';
import { indexOfTid, LIUYAN_KEY, liuyanOrg } from './board.js';
import { detailPage, notFoundPage } from './detail-html.js';
import { childForums, forumByFid } from './forums.js';
import { listThreads, scanNewest, statusesForState } from './list.js';
import { formListRow, fullText } from './rows.js';
import { LIUYAN_APP_CODE } from './sign.js';
import { signedRoutes } from './signed-api.js';

const fail = (code: string, desc: string): SimResponse => json({ result: 'fail', resultDesc: desc, responseData: code, success: false });

function queryThreadsList(generation: 'A' | 'C') {
  return (req: SimRequest, ctx: HandlerContext): SimResponse => {
    const form = formOf(req);
    const fid = intParam(form.get('fid'), -1);
    if (!forumByFid(fid)) return fail('T0001', '参数错误');
    // Generation A has a fixed page of 10; C honours pageSize (20 seen in use).
    const pageSize = generation === 'C' ? intParam(form.get('pageSize'), 10, 1, 100) : 10;
    const typeRaw = form.get('typeId');
    const rows = listThreads(ctx.world, ctx.clock.nowMs(), {
      fid,
      lastItem: intParam(form.get('lastItem'), 0),
      pageSize,
      statuses: statusesForState(intParam(form.get('state'), 1)),
      typeId: typeRaw ? intParam(typeRaw, 0) : undefined,
      scanLimit: ctx.scanLimit * 4,
    });
    return json({ result: 'success', responseData: rows.map((m) => formListRow(m, generation)), success: true });
  };
}

function threadContent(req: SimRequest, ctx: HandlerContext): SimResponse {
  const i = indexOfTid(intParam(req.query.get('tid'), -1));
  const now = ctx.clock.nowMs();
  if (i === null || !isVisible(ctx.world, LIUYAN_KEY, i, now)) return html(notFoundPage(), { status: 404 });
  return html(detailPage(buildMessage(ctx.world, LIUYAN_KEY, i, now, liuyanOrg)));
}

// Old keyword search (threads.js): GET with a tid cursor; covers the newest scan window only.
function oldSearch(req: SimRequest, ctx: HandlerContext): SimResponse {
  const kw = (req.query.get('keywords') ?? '').trim();
  const fidRaw = req.query.get('fid');
  const lastItem = intParam(req.query.get('lastItem'), 0);
  const rows: Record<string, unknown>[] = [];
  let total = 0;
  for (const m of scanNewest(ctx.world, ctx.clock.nowMs(), fidRaw ? intParam(fidRaw, -1) : null, ctx.scanLimit)) {
    if (kw && !m.petition.title.includes(kw) && !fullText(m).includes(kw)) continue;
    total++;
    if (rows.length < 10 && (lastItem === 0 || Number(m.externalId) < lastItem)) rows.push(formListRow(m, 'A'));
  }
  return json({ result: 'success', responseData: { rows, total, pageSize: 10, page: 1 }, success: true });
}

function childForumsHandler(req: SimRequest): SimResponse {
  const fid = intParam(formOf(req).get('fid'), -1);
  const kids = childForums(fid).map((f) => ({ fid: f.fid, name: f.name, parentId: f.parent, type: f.kind }));
  return json({ result: 'success', responseData: kids, success: true });
}

// Warm-up pages: scrapers GET these first to collect the session cookie.
function shell(title: string, extraHead = ''): () => SimResponse {
  return () => html(`<!DOCTYPE html><html><head><meta charset="utf-8"/><title>${title}</title>${extraHead}</head>` +
    `<body><div id="app"><ul id="list_content"></ul><div id="show_more">加载更多</div></div></body></html>`,
  { headers: { 'set-cookie': 'JSESSIONID=sim-session; Path=/; HttpOnly' } });
}

const siteConfig = `<script>window.SITE_CONFIG={"appCode":"${LIUYAN_APP_CODE}"};</script><script src="/pcjs/app.sim.js"></script>`;

export const liuyanRoutes: readonly Route[] = [
  { method: 'POST', path: '/threads/queryThreadsList', handler: queryThreadsList('A') },
  { method: 'POST', path: '/pro-dfbbs-front/threads/queryThreadsList', handler: queryThreadsList('C') },
  { method: 'GET', path: '/threads/content', handler: threadContent },
  { method: 'GET', path: '/threads/search', handler: oldSearch },
  { method: 'POST', path: '/forum/getChildForums', handler: childForumsHandler },
  { method: 'POST', path: '/forum/getForumsForSelect', handler: childForumsHandler },
  { method: 'GET', path: '/', handler: shell('领导留言板 - 人民网', siteConfig) },
  { method: 'GET', path: '/threads/list', handler: shell('领导留言板 - 人民网', siteConfig) },
  { method: 'GET', path: '/forum/list', handler: shell('领导留言板 - 人民网') },
  { method: 'GET', path: '/messageSearch', handler: shell('留言搜索 - 领导留言板', siteConfig) },
  { method: 'GET', path: /^\/pro-dfbbs-front\/(forum\/list|home|index)$/, handler: shell('领导留言板') },
  ...signedRoutes,
];
