/** Flat CSV rows for exported messages and cases (nested fields spread into columns). */
import type { CaseRecord } from './case-schemas.js';
import type { MessageRecord } from './schemas.js';

type Cell = string | number | boolean | null | undefined | Date;

const iso = (d: Date | null | undefined): string => (d ? d.toISOString() : '');

export const MESSAGE_COLUMNS = [
  'id', 'caseId', 'source', 'externalId', 'url', 'boardId', 'boardName', 'title', 'body', 'postedAt', 'author',
  'status', 'statusRaw', 'type', 'typeRaw', 'domain', 'province', 'city', 'county', 'regionCode', 'replyCount',
  'lastReplyOrg', 'lastReplyAt', 'lastReplyBody', 'evaluation', 'views', 'likes', 'version', 'firstSeenAt', 'lastChangedAt',
] as const;

export const CASE_COLUMNS = [
  'caseNumber', 'messageCount', 'title', 'sources', 'boards', 'firstPostedAt', 'lastPostedAt', 'province', 'city',
  'county', 'regionCode', 'type', 'status', 'replyCount', 'lastReplyOrg', 'lastReplyAt', 'evaluation', 'messageIds', 'updatedAt',
] as const;

/** One message as CSV cells in MESSAGE_COLUMNS order. */
export function messageRow(m: MessageRecord & { caseId: string | null }): Cell[] {
  const last = m.replies.at(-1);
  return [
    m._id, m.caseId, m.source, m.externalId, m.url, m.board.id, m.board.name, m.title, m.body, iso(m.postedAt), m.author,
    m.status.code, m.status.raw, m.type.code, m.type.raw, m.domain.code, m.region.province, m.region.city, m.region.county,
    m.region.code, m.replies.length, last?.org, iso(last?.at), last?.body, m.evaluation?.label, m.views, m.likes, m.version,
    iso(m.firstSeenAt), iso(m.lastChangedAt),
  ];
}

/** One case as CSV cells in CASE_COLUMNS order. */
export function caseRow(c: CaseRecord): Cell[] {
  return [
    c.caseNumber, c.messageCount, c.title, c.sources.join(';'), c.boards.map((b) => `${b.source}/${b.name ?? b.id ?? ''}`).join(';'),
    iso(c.firstPostedAt), iso(c.lastPostedAt), c.region?.province, c.region?.city, c.region?.county, c.region?.code,
    c.type?.code, c.status?.code, c.replies.count, c.replies.latest?.org, iso(c.replies.latest?.at), c.evaluation?.label,
    c.messageIds.join(';'), iso(c.updatedAt),
  ];
}

/** Cell → CSV text (dates as ISO, null as empty). */
export function cellString(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  return String(v);
}
