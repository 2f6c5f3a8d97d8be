/** `GET /front/msg/detail?id=N` → `data.title`, `data.content` (HTML), `data.reply[]`. */
import { queryParam } from '../../src/parse/urls.js';
import type { ParseContext, ParseResult } from '../../src/sources/define-source.js';
import { NotFoundError, ParseError } from '../../src/shared/errors.js';
import type { FetchedPage, ParsedMessage, ParsedReply } from '../../src/shared/types.js';
import { isRecord, jsonBody, num, str } from '../shared/json-body.js';
import { replyStates, type RednetOptions } from './options.js';

function requireData(body: Record<string, unknown>, url: string): Record<string, unknown> {
  // Deleted messages answer {status:"0", msg:"留言不存在或已删除", data:null}.
  if (String(body.status) !== '1' && body.data === null) {
    throw new NotFoundError('rednet message not found', { details: { url, msg: str(body.msg) } });
  }
  if (!isRecord(body.data)) throw new ParseError('detail without data object', { details: { url } });
  return body.data;
}

function replies(data: Record<string, unknown>, url: string): ParsedReply[] {
  const list = data.reply ?? [];
  if (!Array.isArray(list)) throw new ParseError('data.reply is not an array', { details: { url } });
  return list.map((r) => {
    const content = isRecord(r) ? str(r.content) : null;
    if (!isRecord(r) || content === null) throw new ParseError('reply without content', { details: { url } });
    return { org: str(r.name), body: content, at: str(r.reply_time) };
  });
}

/** A field from the detail, else the same field carried from the list row. */
const pick = (data: Record<string, unknown>, meta: Record<string, unknown>, key: string): unknown => data[key] ?? meta[key];

export function parseDetail(page: FetchedPage, ctx: ParseContext<RednetOptions>): ParseResult {
  const data = requireData(jsonBody(page), page.url);
  const meta = ctx.task.meta;
  const id = str(data.id) ?? str(meta.id) ?? queryParam(page.url, 'id');
  const title = str(data.title);
  const content = str(data.content);
  if (id === null || title === null || content === null) {
    throw new ParseError('detail lacks id, title or content', { details: { url: page.url } });
  }
  const isReply = str(pick(data, meta, 'is_reply'));
  const views = num(pick(data, meta, 'click_num'));
  const message: ParsedMessage = {
    externalId: id,
    url: page.url,
    boardId: null,
    boardName: null,
    title,
    body: content,
    // The SPA renders content and replies with v-html: <div><p>…</p></div>.
    bodyFormat: 'html',
    bodyTruncated: false,
    postedAt: str(pick(data, meta, 'created_at')),
    author: str(pick(data, meta, 'nickname')),
    status: isReply === null ? null : (replyStates[isReply] ?? isReply),
    type: str(pick(data, meta, 'type_name')),
    domain: null,
    regionHint: str(pick(data, meta, 'city_id')),
    replies: replies(data, page.url),
    evaluation: null,
    views: views !== null && views >= 0 ? Math.trunc(views) : null,
    likes: null,
    extra: { areaId: str(pick(data, meta, 'area_id')), comments: Array.isArray(data.comment) ? data.comment.length : 0 },
  };
  return { messages: [message], follow: [] };
}
