/** Generation-A detail page `/threads/content?tid=N` (boards.md §1.4). */
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';

import { loadHtml, optionalText, requireOne, requireText, textOf, type LocateContext } from '../../src/parse/html.js';
import { queryParam } from '../../src/parse/urls.js';
import type { ParseContext, ParseResult } from '../../src/sources/define-source.js';
import { NotFoundError, ParseError } from '../../src/shared/errors.js';
import type { FetchedPage, ParsedEvaluation, ParsedMessage, ParsedReply } from '../../src/shared/types.js';
import type { RenminOptions } from './options.js';

// Missing or deleted tids render this page (sometimes with HTTP 200), not an empty detail.
const NOT_FOUND_MARKER = '页面找不到了';
const DATE_TIME = /\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?/;

const stripPrefix = (text: string, prefix: RegExp): string => text.replace(prefix, '').trim();

/** `h3.fl.grey2 > span` holds "nick&nbsp;&nbsp;&nbsp;YYYY-MM-DD HH:MM". */
function authorAndTime(raw: string, ctx: LocateContext): { author: string | null; at: string } {
  const m = DATE_TIME.exec(raw);
  if (!m) throw new ParseError('no posting time in the author line', { code: 'ERR_PARSE_SHAPE', details: { url: ctx.url } });
  const author = raw.slice(0, m.index).trim();
  return { author: author === '' ? null : author, at: m[0] };
}

function parseReplies($: CheerioAPI, ctx: LocateContext): ParsedReply[] {
  return $('div.liuyan_box05 li.reply').toArray().map((li) => {
    const root = $(li);
    const time = optionalText($, 'h3 > em.grey2', root);
    return {
      org: optionalText($, 'h3 > i.red', root),
      body: requireText($, 'p.zoom', ctx, root),
      at: time === null ? null : stripPrefix(time, /^回复时间[:：]/),
    };
  });
}

/** `span.wrapSpan` reads "解决程度:<span>5分</span>"; the label picks the score, not the position. */
function score($: CheerioAPI, root: Cheerio<Element>, label: string): number | null {
  const span = root.find('span.wrapSpan').filter((_i, el) => textOf($(el)).startsWith(label)).first();
  const m = /(\d+(?:\.\d+)?)\s*分/.exec(textOf(span));
  return m ? Number(m[1]) : null;
}

function parseEvaluation($: CheerioAPI, ctx: LocateContext): ParsedEvaluation | null {
  const li = $('div.liuyan_box05 li.comments').first();
  if (li.length === 0) return null;
  const time = optionalText($, 'em.grey2', li);
  return {
    label: requireText($, 'span.sec-score_firstspan', ctx, li),
    resolution: score($, li, '解决程度'),
    attitude: score($, li, '办理态度'),
    speed: score($, li, '办理速度'),
    text: optionalText($, 'p.zoom', li),
    at: time === null ? null : stripPrefix(time, /^评价时间[:：]/),
  };
}

/** Breadcrumb links after 领导留言板 > 地方/部委领导 name the province and city. */
function regionOf($: CheerioAPI): string | null {
  const names = $('div.path_2j a').toArray().slice(2).map((a) => textOf($(a)));
  const forum = optionalText($, 'div.path_2j i');
  const parts = [...names, ...(forum === null ? [] : [forum])].filter((s) => s !== '');
  return parts.length === 0 ? null : parts.join(' ');
}

function parseQuestion($: CheerioAPI, ctx: LocateContext) {
  const box = requireOne($, 'div.liuyan_box03', ctx);
  // The em order is fixed: status, then domain (may be absent), then type.
  const status = requireText($, 'h2 em.red, h2 em.orange, h2 em.green', ctx, box);
  const kinds = box.find('h2 em.domainType').toArray().map((el) => textOf($(el)));
  const type = kinds.length > 0 ? (kinds[kinds.length - 1] ?? null) : null;
  const domain = kinds.length > 1 ? (kinds[0] ?? null) : null;
  const { author, at } = authorAndTime(requireText($, 'h3.grey2 > span', ctx, box), ctx);
  return { box, status, type, domain, author, at };
}

export function parseDetail(page: FetchedPage, ctx: ParseContext<RenminOptions>): ParseResult {
  const loc = { url: page.url };
  const $ = loadHtml(page.text);
  if (page.text.includes(NOT_FOUND_MARKER) && $('div.liuyan_box03').length === 0) {
    throw new NotFoundError('liuyan thread not found', { details: { url: page.url } });
  }
  const tid = String(ctx.task.meta.tid ?? queryParam(page.url, 'tid') ?? '');
  if (!/^\d+$/.test(tid)) throw new ParseError('no tid for the detail page', { details: { url: page.url } });
  const q = parseQuestion($, loc);
  const fid = ctx.task.meta.fid;
  const message: ParsedMessage = {
    externalId: tid,
    url: page.url,
    boardId: fid === undefined || fid === null ? null : String(fid),
    boardName: optionalText($, 'div.path_2j i'),
    title: requireText($, 'h2 span.context-title-text', loc, q.box),
    body: requireText($, 'p.zoom.content', loc, q.box),
    bodyFormat: 'text',
    bodyTruncated: false,
    postedAt: q.at,
    author: q.author,
    status: q.status,
    type: q.type,
    domain: q.domain,
    regionHint: regionOf($),
    replies: parseReplies($, loc),
    evaluation: parseEvaluation($, loc),
    views: null,
    likes: null,
    extra: {},
  };
  return { messages: [message], follow: [] };
}
