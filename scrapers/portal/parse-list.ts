/** Portal list pages (HTML rows or JSON rows): one detail task per row, then the next page. */
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';

import { parseChineseDate } from '../../src/parse/dates.js';
import { loadHtml, requireOne } from '../../src/parse/html.js';
import { fillTemplate, toRelativePath } from '../../src/parse/urls.js';
import type { ParseContext, ParseResult, Task } from '../../src/sources/define-source.js';
import { ParseError } from '../../src/shared/errors.js';
import type { FetchedPage } from '../../src/shared/types.js';
import { isRecord, jsonBody, num, requireArray } from '../shared/json-body.js';
import { cutDate, htmlField, jsonField } from './fields.js';
import { LIST_FIELDS, type FieldSpec, type PortalOptions } from './options.js';
import { listTask, postbackTask } from './paging.js';

type RowValues = Partial<Record<(typeof LIST_FIELDS)[number], string>>;
interface Row {
  values: RowValues;
  link: string | null;
}

function collect(read: (spec: FieldSpec) => string | null, opts: PortalOptions): RowValues {
  const values: RowValues = {};
  for (const key of LIST_FIELDS) {
    const spec = opts.list.fields[key];
    const value = spec ? read(spec) : null;
    if (value !== null) values[key] = key === 'postedAt' ? (cutDate(value, opts.dateFormats) ?? value) : value;
  }
  return values;
}

/** Detail link per the config; `template` links are built from the row's own values. */
function linkOf(values: RowValues, opts: PortalOptions, row: { $: CheerioAPI; el: Cheerio<AnyNode> } | null, pageUrl: string): string | null {
  const link = opts.list.link;
  if (link.from === 'template') {
    const vars: Record<string, string> = { ...values };
    if (link.lookup) {
      const key = values[link.lookup.field];
      const mapped = key === undefined ? undefined : link.lookup.map[key];
      if (mapped === undefined) return null;
      vars[link.lookup.as] = mapped;
    }
    return fillTemplate(link.template, vars);
  }
  const a = row?.el.find(link.sel).first();
  if (!a || a.length === 0) return null;
  if (link.from === 'href') {
    const href = a.attr('href');
    return href ? toRelativePath(href, pageUrl) : null;
  }
  // onclick="window.open("../ywxxtemplate/CaseDetail.aspx?CaseId=1")": the URL is in the script.
  const m = new RegExp(link.regex).exec(a.attr('onclick') ?? '');
  return m?.[1] ? toRelativePath(m[1], pageUrl) : null;
}

function htmlRows($: CheerioAPI, opts: PortalOptions, pageUrl: string): Row[] {
  return $(opts.list.rows).toArray().map((node) => {
    const el = $(node);
    const values = collect((spec) => htmlField($, spec, el), opts);
    return { values, link: linkOf(values, opts, { $, el }, pageUrl) };
  });
}

function jsonRows(page: FetchedPage, opts: PortalOptions): Row[] {
  return requireArray(jsonBody(page), opts.list.rows, page.url).map((raw) => {
    if (!isRecord(raw)) throw new ParseError('list row is not an object', { details: { url: page.url } });
    const values = collect((spec) => jsonField(raw, spec), opts);
    return { values, link: linkOf(values, opts, null, page.url) };
  });
}

function isOlder(values: RowValues, sinceMs: number, now: Date): boolean {
  if (sinceMs === 0 || values.postedAt === undefined) return false;
  const at = parseChineseDate(values.postedAt, { now });
  return at !== null && at.getTime() < sinceMs;
}

function nextTask($: CheerioAPI | null, opts: PortalOptions, page: number, variant: number, url: string): Task | null {
  if ($ !== null && opts.list.nextSel && $(opts.list.nextSel).length === 0) return null;
  if (opts.list.mode !== 'postback' || $ === null) return listTask(opts, page + 1, variant);
  const hidden = (name: string): string | null => $(`input[name="${name}"]`).attr('value') ?? null;
  const viewState = requireOne($, 'input[name="__VIEWSTATE"]', { url }).attr('value');
  if (!viewState) throw new ParseError('empty __VIEWSTATE', { details: { url } });
  return postbackTask(opts, page + 1, { viewState, eventValidation: hidden('__EVENTVALIDATION'), viewStateGenerator: hidden('__VIEWSTATEGENERATOR') });
}

export function parseList(page: FetchedPage, ctx: ParseContext<PortalOptions>): ParseResult {
  const opts = ctx.options;
  const $ = opts.list.format === 'html' ? loadHtml(page.text) : null;
  const rows = $ === null ? jsonRows(page, opts) : htmlRows($, opts, page.url);
  const pageNo = num(ctx.task.meta.page) ?? 1;
  // An empty first page means the row selector no longer matches (or a session trap).
  if (rows.length === 0 && pageNo === 1) {
    throw new ParseError(`no list rows: ${opts.list.rows}`, { details: { selector: opts.list.rows, url: page.url } });
  }
  const follow: Task[] = [];
  let stopped = false;
  for (const row of rows) {
    if (isOlder(row.values, num(ctx.task.meta.sinceMs) ?? 0, ctx.fetchedAt)) {
      stopped = true;
      break;
    }
    if (row.link === null) throw new ParseError('list row without a detail link', { details: { url: page.url } });
    // Keyed by link, not by sweep: a message listed again later is not fetched again.
    follow.push({ kind: 'detail', path: row.link, key: `detail:${row.link}`, meta: { ...row.values } });
  }
  if (!stopped && rows.length > 0 && pageNo < opts.maxPages) {
    const next = nextTask($, opts, pageNo, num(ctx.task.meta.variant) ?? 0, page.url);
    if (next) follow.push(next);
  }
  return { messages: [], follow };
}
