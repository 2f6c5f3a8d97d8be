/** Options of the 红网 boards (百姓呼声 and 问政湖南 share the API shape). */
import { z } from 'zod';

/** The two 红网 boards; each has its own API host, hence its own source. */
export const RednetBoard = { Baixing: 'baixing', Wenzheng: 'wenzheng' } as const;
export type RednetBoard = (typeof RednetBoard)[keyof typeof RednetBoard];

export const RednetOptionsSchema = z.object({
  /** `is_reply` filter: 0 未办理, 1 已办理, 2 办理中, 3 最新回应; unset lists everything. */
  isReply: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).optional(),
  /** 百姓呼声 only: 6-digit city code (430100 长沙 …) to restrict the list. */
  cityId: z.number().int().min(430000).max(439999).optional(),
  /** Rows per page (`page_num`; 问政湖南 calls it `pageNum`). @default 10 */
  pageSize: z.number().int().min(1).max(100).default(10),
  /** Pages per run. @default 5 */
  maxPages: z.number().int().min(1).default(5),
  /** Stop paging at rows created before this (backfill window). */
  since: z.coerce.date().optional(),
  /** Highest id seen by the previous run: paging stops at the first id ≤ it. @default 0 */
  watermark: z.number().int().nonnegative().default(0),
});
export type RednetOptions = z.output<typeof RednetOptionsSchema>;

/** `is_reply` codes → the site's own words, kept raw for normalization. */
export const replyStates: Readonly<Record<string, string>> = { '0': '未办理', '1': '已办理', '2': '办理中' };
