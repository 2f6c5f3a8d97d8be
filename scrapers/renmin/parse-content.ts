/**
 * Generation-B detail: `POST /v1/threads/content` → `resultData.contentList[]`. Entries are
 * told apart by `dataType` (1 = the citizen's message, 4 = an official reply); the site puts
 * replies before the message, and one public script broke by assuming positions.
 */
import { withQuery } from '../../src/parse/urls.js';
import type { ParseContext, ParseResult } from '../../src/sources/define-source.js';
import { NotFoundError, ParseError } from '../../src/shared/errors.js';
import type { FetchedPage, ParsedMessage, ParsedReply } from '../../src/shared/types.js';
import { isRecord, jsonBody, num, requireArray, str } from '../shared/json-body.js';
import type { RenminOptions } from './options.js';
import { assertSigned } from './parse-list.js';

const DataType = { Message: 1, Reply: 4 } as const;

function entries(body: Record<string, unknown>, url: string): Record<string, unknown>[] {
  if (body.result === 'fail') {
    // T0013 留言不存在或已删除: the thread is gone, not a layout change.
    const details = { url, code: str(body.resultCode), desc: str(body.resultDesc) };
    if (body.resultCode === 'T0013') throw new NotFoundError('liuyan thread not found', { details });
    throw new ParseError('content answered without success', { code: 'ERR_SITE_RESULT', details });
  }
  return requireArray(body, 'resultData.contentList', url).filter(isRecord);
}

function toReply(e: Record<string, unknown>, url: string): ParsedReply {
  const content = str(e.content);
  if (content === null) throw new ParseError('reply without content', { details: { url } });
  return { org: str(e.organization), body: content, at: num(e.dateline) };
}

/** Tags are [domain, type] when both are set; the list facts are preferred when present. */
function tag(tags: unknown, index: number): string | null {
  return Array.isArray(tags) && tags.length === 2 ? str(tags[index]) : null;
}

export function parseSignedDetail(page: FetchedPage, ctx: ParseContext<RenminOptions>): ParseResult {
  const body = jsonBody(page);
  assertSigned(body, page.url);
  const list = entries(body, page.url);
  const msg = list.find((e) => e.dataType === DataType.Message);
  if (!msg) throw new ParseError('contentList has no dataType 1 entry', { details: { url: page.url } });
  const meta = ctx.task.meta;
  const tid = str(msg.tid) ?? str(meta.tid);
  const title = str(msg.subject) ?? str(meta.subject);
  const content = str(msg.content);
  if (tid === null || title === null || content === null) {
    throw new ParseError('message entry lacks tid, subject or content', { details: { url: page.url } });
  }
  const message: ParsedMessage = {
    externalId: tid,
    // The human-facing page of the thread, on the same host as the API.
    url: new URL(withQuery('/threads/content', { tid }), page.url).toString(),
    boardId: str(meta.fid),
    boardName: str(meta.forumName),
    title,
    body: content,
    bodyFormat: 'text',
    bodyTruncated: false,
    postedAt: num(msg.dateline) ?? num(meta.dateline),
    author: str(msg.nickName) ?? str(meta.nickName),
    status: str(msg.stateInfo) ?? str(meta.stateInfo),
    type: str(meta.typeName) ?? tag(msg.tags, 1),
    domain: str(meta.domainName) ?? tag(msg.tags, 0),
    regionHint: str(meta.forumPathName) ?? str(meta.forumName),
    replies: list.filter((e) => e.dataType === DataType.Reply).map((e) => toReply(e, page.url)),
    evaluation: null,
    views: null,
    likes: null,
    extra: {},
  };
  return { messages: [message], follow: [] };
}
