/** Portal detail pages: configured fields, label-anchored or by selector, plus list-row facts. */
import type { CheerioAPI } from 'cheerio';

import { loadHtml } from '../../src/parse/html.js';
import type { ParseContext, ParseResult } from '../../src/sources/define-source.js';
import { NotFoundError, ParseError } from '../../src/shared/errors.js';
import type { FetchedPage, ParsedEvaluation, ParsedMessage, ParsedReply } from '../../src/shared/types.js';
import { str } from '../shared/json-body.js';
import { cutDate, describe, htmlField } from './fields.js';
import { DETAIL_FIELDS, type DetailField, type PortalOptions } from './options.js';

type Values = Partial<Record<DetailField, string>>;

function readFields($: CheerioAPI, opts: PortalOptions, url: string): Values {
  const values: Values = {};
  for (const key of DETAIL_FIELDS) {
    const spec = opts.detail.fields[key];
    if (!spec) continue;
    const raw = htmlField($, spec, undefined);
    const value = key === 'postedAt' || key === 'replyAt' ? cutDate(raw, opts.dateFormats) : raw;
    if (value !== null) values[key] = value;
    else if (opts.detail.required.includes(key)) {
      // A required node is gone: the layout changed. Never emit a half-filled record.
      throw new ParseError(`required field ${key} not found (${describe(spec)})`, { details: { field: key, url } });
    }
  }
  return values;
}

function externalId(values: Values, meta: Record<string, unknown>, opts: PortalOptions, url: string): string {
  const fromUrl = opts.detail.idFromUrl ? (new RegExp(opts.detail.idFromUrl).exec(url)?.[1] ?? null) : null;
  const id = values.id ?? str(meta.id) ?? fromUrl;
  if (id === null) throw new ParseError('no id for the detail page', { details: { url } });
  return id;
}

function replies(values: Values, meta: Record<string, unknown>): ParsedReply[] {
  if (values.replyBody === undefined) return [];
  return [{ org: values.replyOrg ?? str(meta.org), body: values.replyBody, at: values.replyAt ?? null }];
}

function evaluation(values: Values, opts: PortalOptions): ParsedEvaluation | null {
  const label = values.satisfaction;
  if (label === undefined || opts.detail.noEvaluation.includes(label)) return null;
  return { label, resolution: null, attitude: null, speed: null, text: null, at: null };
}

function views(raw: string | undefined): number | null {
  const n = raw === undefined ? NaN : Number.parseInt(raw.replace(/\D+/g, ''), 10);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

function isNotFound(page: FetchedPage, opts: PortalOptions, $: CheerioAPI): boolean {
  const bodySpec = opts.detail.fields.body;
  const hasBody = bodySpec !== undefined && htmlField($, bodySpec, undefined) !== null;
  return !hasBody && opts.detail.notFoundMarkers.some((m) => page.text.includes(m));
}

export function parseDetail(page: FetchedPage, ctx: ParseContext<PortalOptions>): ParseResult {
  const opts = ctx.options;
  const $ = loadHtml(page.text);
  if (isNotFound(page, opts, $)) throw new NotFoundError('letter not found', { details: { url: page.url } });
  const v = readFields($, opts, page.url);
  const meta = ctx.task.meta;
  const title = v.title ?? str(meta.title);
  if (title === null || v.body === undefined) {
    throw new ParseError('detail lacks title or body', { details: { url: page.url } });
  }
  const status = v.status ?? str(meta.status);
  const statusCode = status === null ? undefined : opts.statusMap[status];
  const message: ParsedMessage = {
    externalId: externalId(v, meta, opts, page.url),
    url: page.url,
    boardId: null,
    boardName: opts.boardName,
    title,
    body: v.body,
    bodyFormat: 'text',
    bodyTruncated: false,
    postedAt: v.postedAt ?? str(meta.postedAt),
    author: v.author ?? str(meta.author),
    status,
    type: v.type ?? str(meta.type),
    domain: null,
    regionHint: opts.regionHint,
    replies: replies(v, meta),
    evaluation: evaluation(v, opts),
    views: views(v.views),
    likes: null,
    extra: statusCode === undefined ? {} : { statusCode },
  };
  return { messages: [message], follow: [] };
}
