import { buildMessage, isVisible } from '../core/message.js';
import { json, jsonOf } from '../http/respond.js';
import type { HandlerContext, Route, SimRequest, SimResponse } from '../http/types.js';
import { indexOfTid, LIUYAN_KEY, liuyanOrg, stateNames } from './board.js';
import { forumByFid, forums } from './forums.js';
import { listThreads, scanNewest } from './list.js';
import { fullText, signedRow } from './rows.js';
import { LIUYAN_APP_CODE, signLiuyan } from './sign.js';

type Params = Record<string, unknown>;
type SignedHandler = (p: Params, ctx: HandlerContext) => SimResponse;

const badEnvelope = (): SimResponse => json({ code: 'SN0006', msg: '数据格式错误' });
const ok = (resultData: unknown): SimResponse => json({ result: 'success', resultCode: '0', resultDesc: '成功', resultData });

/** Unwraps `{appCode, token, signature, param}` and checks the signature over the raw param string. */
function verify(req: SimRequest): Params | null {
  const env = jsonOf(req) as Record<string, unknown> | null;
  if (!env || typeof env.param !== 'string' || typeof env.signature !== 'string') return null;
  if (env.appCode !== LIUYAN_APP_CODE) return null;
  const token = typeof env.token === 'string' ? env.token : '';
  if (signLiuyan(req.path, env.param, token) !== env.signature) return null;
  try {
    const param = JSON.parse(env.param) as unknown;
    return param && typeof param === 'object' ? (param as Params) : null;
  } catch {
    return null;
  }
}

const num = (v: unknown, d: number): number => (Number.isFinite(Number(v)) && v !== '' && v !== null ? Number(v) : d);

function leaderList(ministry: boolean): SignedHandler {
  return (p, ctx) => {
    const fid = num(p.fid, -1);
    const forum = forumByFid(fid);
    if (!forum || (forum.kind === 'ministry') !== ministry) return ok({ data: [], lastItem: '' });
    const rows = Math.min(num(p.rows, 10), 100);
    const typeId = p.typeId === undefined || p.typeId === null || p.typeId === '' ? undefined : num(p.typeId, 0);
    const list = listThreads(ctx.world, ctx.clock.nowMs(), { fid, lastItem: num(p.lastItem, 0), pageSize: rows, typeId, scanLimit: ctx.scanLimit * 4 });
    const last = list[list.length - 1];
    return ok({ data: list.map(signedRow), lastItem: last ? last.externalId : '' });
  };
}

const content: SignedHandler = (p, ctx) => {
  const i = indexOfTid(num(p.tid, -1));
  const now = ctx.clock.nowMs();
  if (i === null || !isVisible(ctx.world, LIUYAN_KEY, i, now)) return json({ result: 'fail', resultCode: 'T0013', resultDesc: '留言不存在或已删除' });
  const m = buildMessage(ctx.world, LIUYAN_KEY, i, now, liuyanOrg);
  const question = { dataType: 1, tid: Number(m.externalId), subject: m.petition.title, content: fullText(m), nickName: m.nick, stateInfo: stateNames[m.status], tags: [m.petition.domainName, m.petition.typeName], dateline: Math.floor(m.postedAtMs / 1000) };
  const replies = m.replies.map((r) => ({ dataType: 4, content: r.paragraphs.join('\n'), dateline: Math.floor(r.atMs / 1000), organization: r.org }));
  // Replies come first, as on the site: clients must select by dataType, not position.
  return ok({ contentList: [...replies, question] });
};

const highlight = (text: string, kw: string): string => (kw ? text.split(kw).join(`<label style='color:#D5313F'>${kw}</label>`) : text);

/** The list excerpt, or, when the hit lies past it, a 100-character window around the first hit. */
function excerpt(m: Parameters<typeof fullText>[0], shown: string, kw: string): string {
  if (!kw || shown.includes(kw) || m.petition.title.includes(kw)) return shown;
  const flat = fullText(m).replace(/\n/g, '');
  const at = flat.indexOf(kw);
  if (at < 0) return shown;
  const from = Math.max(0, at - 30);
  return `${from > 0 ? '...' : ''}${flat.slice(from, from + 100)}${from + 100 < flat.length ? '...' : ''}`;
}

const search: SignedHandler = (p, ctx) => {
  const kw = typeof p.keywords === 'string' ? p.keywords.trim() : '';
  const rows = Math.min(num(p.rows, 10), 500);
  const page = Math.max(1, num(p.page, 1));
  const fid = p.fid === null || p.fid === undefined || p.fid === '' ? null : num(p.fid, 0);
  const onlyDone = num(p.threadsStatus, 0) === 2;
  const hits: Record<string, unknown>[] = [];
  for (const m of scanNewest(ctx.world, ctx.clock.nowMs(), fid, ctx.scanLimit)) {
    if (onlyDone && m.status !== 'replied') continue;
    if (kw && !m.petition.title.includes(kw) && !fullText(m).includes(kw)) continue;
    const row = signedRow(m);
    hits.push({ ...row, subject: highlight(String(row.subject), kw), content: highlight(excerpt(m, String(row.content), kw), kw) });
  }
  return json({ code: 0, msg: 'ok', data: { data: hits.slice((page - 1) * rows, page * rows), total: hits.length, page, rows } });
};

const topForums: SignedHandler = () => ok({ forums: forums.filter((f) => f.kind === 'province').map((f) => ({ fid: f.fid, name: f.name })) });
const topBwForums: SignedHandler = () => ok({ forums: forums.filter((f) => f.kind === 'ministry').map((f) => ({ fid: f.fid, name: f.name })) });

const signedHandlers: Readonly<Record<string, SignedHandler>> = {
  '/v1/threads/list/df': leaderList(false),
  '/v1/threads/list/bw': leaderList(true),
  '/v1/threads/content': content,
  '/v2/threads/search': search,
  '/v1/forum/getTopForums': topForums,
  '/v1/forum/getTopBwForums': topBwForums,
};

/** Generation-B routes: every call is a signed POST; a bad signature is HTTP 200 SN0006. */
export const signedRoutes: readonly Route[] = Object.entries(signedHandlers).map(([path, handler]) => ({
  method: 'POST' as const,
  path,
  handler: (req: SimRequest, ctx: HandlerContext): SimResponse => {
    const params = verify(req);
    return params ? handler(params, ctx) : badEnvelope();
  },
}));
