/** Options of the People's Daily leader message board source. */
import { z } from 'zod';

/** Transports: the unsigned form API (generations A/C) or the signed JSON API (generation B). */
export const RenminTransport = { Form: 'form', Signed: 'signed' } as const;

const RenminObject = z.object({
  /** Forum ids (province, city, leader or ministry) to list. @default ['539'] */
  fids: z.array(z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform(String)).min(1).default(['539']),
  /** Which API to use. @default 'form' */
  transport: z.enum(['form', 'signed']).default('form'),
  /** Form transport: `classic` posts to /threads/queryThreadsList (fixed 10 rows), `pro` to /pro-dfbbs-front/… with pageSize. @default 'classic' */
  formVariant: z.enum(['classic', 'pro']).default('classic'),
  /** Rows per page; classic always answers 10 and ignores this. @default 10 */
  pageSize: z.number().int().min(1).max(100).default(10),
  /** Pages per fid (and per typeId for signed) in one run. @default 5 */
  maxPages: z.number().int().min(1).default(5),
  /** Form `state`: 1 全部, 2 待回复, 3 办理中, 4 已办理. @default 1 */
  state: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).default(1),
  /** Signed list `typeId`s, looped like the site's tabs: 5 建言, 2 投诉, 1 咨询. @default [5, 2, 1] */
  typeIds: z.array(z.number().int()).min(1).default([5, 2, 1]),
  /** Stop paging at rows older than this (backfill window). */
  since: z.coerce.date().optional(),
  /**
   * tid watermarks by list (`fid` for the form list, `fid:typeId` for a signed tab): paging
   * stops at the first tid ≤ it. Stored ones from earlier runs are applied automatically.
   */
  watermarks: z.record(z.string(), z.number().int().nonnegative()).default({}),
  /**
   * Signed transport only: list new posts through the site search (`/v2/threads/search`,
   * newest first) instead of each fid's tabs. `site`: one list of the whole site (fid null);
   * `fids`: one list per configured fid, covering the forums under it. One request then finds
   * new posts on every board it covers, where per-board lists need one request per board and tab.
   */
  feed: z.enum(['site', 'fids']).optional(),
  /** Rows per search page (the site serves up to 500). @default 100 */
  feedRows: z.number().int().min(1).max(500).default(100),
  /**
   * Every `everyHours`, read the lists (the feed, or each fid's list) down to posts
   * `windowDays` old and re-fetch only the messages whose row shows another status than the
   * stored one (a reply came). One page checks a page of messages (`feedRows` on the feed,
   * 10 on the classic list); a re-visit checks one. Off when absent.
   */
  statusSweep: z
    .strictObject({
      everyHours: z.number().positive(),
      windowDays: z.number().positive().default(60),
      /** Pages per status sweep at most (the window may hold more rows than the site pages). @default 2000 */
      maxPages: z.number().int().min(1).default(2000),
    })
    .optional(),
});

export const RenminOptionsSchema = RenminObject.superRefine((o, ctx) => {
  if (o.feed && o.transport !== 'signed') {
    ctx.addIssue({ code: 'custom', path: ['feed'], message: 'feed needs transport "signed" (the search is a signed API)' });
  }
});
export type RenminOptions = z.output<typeof RenminOptionsSchema>;

/** Ministries (部委) sit in this fid range and use /v1/threads/list/bw with position 1. */
export function isMinistryFid(fid: string): boolean {
  const n = Number(fid);
  return n >= 5050 && n <= 5063;
}
