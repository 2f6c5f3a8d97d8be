/**
 * Queries and flat rows for `export`: messages or open cases, filtered by source, region,
 * status and a posting-time window, streamed in `_id` order so memory stays flat.
 */
import type { Db, Filter } from 'mongodb';

import { CaseGraph } from './case-graph.js';
import { CaseCollections, type CaseRecord } from './case-schemas.js';
import { Collections, type MessageRecord } from './schemas.js';

export interface ExportFilter {
  source?: string | undefined;
  /** A 6-digit division code, or a province (…省/自治区), city (…市) or county (…区/县) name. */
  region?: string | undefined;
  status?: string | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
}

/** The region filter on a document whose region sits under `prefix`. */
export function regionFilter(region: string, prefix: string): Record<string, string> {
  if (/^\d{6}$/.test(region)) return { [`${prefix}.code`]: region };
  if (/(省|自治区)$/.test(region)) return { [`${prefix}.province`]: region };
  if (/市$/.test(region)) return { [`${prefix}.city`]: region };
  return { [`${prefix}.county`]: region };
}

function timeRange(f: ExportFilter): Record<string, Date> | null {
  const range: Record<string, Date> = {};
  if (f.since) range.$gte = f.since;
  if (f.until) range.$lt = f.until;
  return Object.keys(range).length > 0 ? range : null;
}

/** The `messages` filter. */
export function messageFilter(f: ExportFilter): Filter<MessageRecord> {
  const q: Record<string, unknown> = {};
  if (f.source) q.source = f.source;
  if (f.region) Object.assign(q, regionFilter(f.region, 'region'));
  if (f.status) q['status.code'] = f.status;
  const range = timeRange(f);
  if (range) q.postedAt = range;
  return q as Filter<MessageRecord>;
}

/** The `cases` filter (open cases only: merged ones live on in their survivor). */
export function caseFilter(f: ExportFilter): Filter<CaseRecord> {
  const q: Record<string, unknown> = { state: 'open' };
  if (f.source) q.sources = f.source;
  if (f.region) Object.assign(q, regionFilter(f.region, 'region'));
  if (f.status) q['status.code'] = f.status;
  const range = timeRange(f);
  if (range) q.firstPostedAt = range;
  return q as Filter<CaseRecord>;
}

/** Streams matching messages, each with the number of the open case it is in. */
export async function* exportMessages(db: Db, f: ExportFilter): AsyncGenerator<MessageRecord & { caseId: string | null }> {
  const graph = new CaseGraph(db);
  const cursor = db.collection<MessageRecord>(Collections.messages).find(messageFilter(f)).sort({ _id: 1 });
  for await (const m of cursor) {
    const claimed = await graph.memberCase(m._id);
    yield { ...m, caseId: claimed ? await graph.root(claimed) : null };
  }
}

/** Streams matching open cases. */
export function exportCases(db: Db, f: ExportFilter): AsyncIterable<CaseRecord> {
  return db.collection<CaseRecord>(CaseCollections.cases).find(caseFilter(f)).sort({ _id: 1 });
}
