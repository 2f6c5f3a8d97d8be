/**
 * The selector-driven portal adapter's configuration (boards.md §3.1-3.3). One schema covers
 * the three page styles: label/value tables, span-id detail pages and JSON lists with HTML
 * detail pages; paging by URL template, POST form or ASP.NET postback.
 */
import { z } from 'zod';

/**
 * How to read one field. In HTML, `sel` is a CSS selector relative to the list row (list) or
 * the document (detail); in JSON rows it is a dotted key. A bare string is `{ sel }`.
 */
export const FieldSpecSchema = z.union([
  z.string().min(1).transform((sel) => ({ sel })),
  z.strictObject({
    sel: z.string().min(1).optional(),
    /** Label-anchored: the cell after the one reading this label (or `label：value` in one cell). */
    label: z.string().min(1).optional(),
    /** Read this attribute instead of the text. */
    attr: z.string().min(1).optional(),
    /** Remove this prefix (网友：, 回复时间：) before anything else. */
    strip: z.string().optional(),
    /** Keep the first capture group (or the whole match) of this regex; no match → null. */
    regex: z.string().optional(),
    /** Translate raw values (e.g. JSON `true` → 已回复). */
    map: z.record(z.string(), z.string()).optional(),
  }),
]);
export type FieldSpec = z.output<typeof FieldSpecSchema>;

const ListFieldsSchema = z.strictObject({
  id: FieldSpecSchema.optional(),
  title: FieldSpecSchema.optional(),
  type: FieldSpecSchema.optional(),
  status: FieldSpecSchema.optional(),
  org: FieldSpecSchema.optional(),
  author: FieldSpecSchema.optional(),
  postedAt: FieldSpecSchema.optional(),
});
export const LIST_FIELDS = ['id', 'title', 'type', 'status', 'org', 'author', 'postedAt'] as const;

/** Where the detail URL of a row comes from. */
const DetailLinkSchema = z.discriminatedUnion('from', [
  z.strictObject({ from: z.literal('href'), sel: z.string().default('a[href]') }),
  /** `onclick="window.open('../x.aspx?id=1')"`: the first capture group is the URL. */
  z.strictObject({ from: z.literal('onclick'), sel: z.string().default('a[onclick]'), regex: z.string() }),
  /** Built from row fields: `/detail.flow?originalId={id}`; `lookup` adds a derived value. */
  z.strictObject({
    from: z.literal('template'),
    template: z.string().startsWith('/'),
    lookup: z.strictObject({ field: z.enum(LIST_FIELDS), as: z.string(), map: z.record(z.string(), z.string()) }).optional(),
  }),
]);

const ListBase = {
  /** `html` rows by CSS selector, or `json` rows by dotted path. @default 'html' */
  format: z.enum(['html', 'json']).default('html'),
  rows: z.string().min(1),
  fields: ListFieldsSchema,
  link: DetailLinkSchema,
  /** Rows per page, for `{offset}` arithmetic. @default 10 */
  pageSize: z.number().int().positive().default(10),
  /** When set, a page without this element is the last one (e.g. the 下一页 link). */
  nextSel: z.string().optional(),
};

/** Placeholders in paths and forms: {n} (start + (page-1)·step), {page}, {offset}, {size}. */
export const ListSchema = z.discriminatedUnion('mode', [
  z.strictObject({
    mode: z.literal('template'),
    /** One or more list URL templates (several categories share one layout). */
    paths: z.array(z.string().startsWith('/')).min(1),
    start: z.number().int().default(1),
    step: z.number().int().positive().default(1),
    ...ListBase,
  }),
  z.strictObject({
    mode: z.literal('form'),
    path: z.string().startsWith('/'),
    form: z.record(z.string(), z.string()),
    ...ListBase,
  }),
  /** ASP.NET WebForms: page 1 by GET, then POST back __VIEWSTATE/__EVENTVALIDATION of the page before. */
  z.strictObject({
    mode: z.literal('postback'),
    path: z.string().startsWith('/'),
    eventTarget: z.string().min(1),
    /** A pager text box some grids also read (`CaseGgfwAll1$Pager_input` = page - 1). */
    pageInput: z.string().optional(),
    ...ListBase,
  }),
]);

export const DETAIL_FIELDS = ['id', 'title', 'body', 'author', 'postedAt', 'type', 'status', 'replyOrg', 'replyBody', 'replyAt', 'satisfaction', 'views'] as const;
export type DetailField = (typeof DETAIL_FIELDS)[number];

const DetailSchema = z.strictObject({
  fields: z.partialRecord(z.enum(DETAIL_FIELDS), FieldSpecSchema),
  /** Fields whose absence is a layout change. The title may also come from the list row. @default ['body'] */
  required: z.array(z.enum(DETAIL_FIELDS)).default(['body']),
  /** Extracts the id from the detail URL when neither the row nor the page gives one. */
  idFromUrl: z.string().optional(),
  /** Text of the site's "no such letter" page. */
  notFoundMarkers: z.array(z.string()).default([]),
  /** Satisfaction texts that mean "not evaluated". */
  noEvaluation: z.array(z.string()).default(['用户暂无评价', '暂无评价']),
});

export const PortalOptionsSchema = z.strictObject({
  list: ListSchema,
  detail: DetailSchema,
  /** Patterns (YYYY MM DD HH mm ss) that cut the date out of a longer cell; raw kept if none match. */
  dateFormats: z.array(z.string()).default(['YYYY-MM-DD HH:mm:ss', 'YYYY-MM-DD HH:mm', 'YYYY-MM-DD', 'YYYY年MM月DD日']),
  /** Raw status → canonical code, stored as `extra.statusCode` beside the raw value. */
  statusMap: z.record(z.string(), z.enum(['pending', 'processing', 'replied', 'closed'])).default({}),
  /** Place named by every message of this portal (a city mailbox). */
  regionHint: z.string().nullable().default(null),
  boardName: z.string().nullable().default(null),
  maxPages: z.number().int().positive().default(5),
  /** Stop paging at rows posted before this (needs a list `postedAt` field). */
  since: z.coerce.date().optional(),
});
export type PortalOptions = z.output<typeof PortalOptionsSchema>;
export type PortalOptionsInput = z.input<typeof PortalOptionsSchema>;
export type PortalList = PortalOptions['list'];
