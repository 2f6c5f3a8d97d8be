/**
 * The roll-up of a case's messages, as a pure function: sources and boards, posting
 * times, region, type, latest status, replies and evaluation, message count.
 */
import type { MessageRecord } from './schemas.js';
import type { CaseRecord } from './case-schemas.js';

/** Message fields the roll-up reads (the projection). */
export const ROLLUP_FIELDS = [
  '_id', 'source', 'board', 'title', 'postedAt', 'region', 'type', 'status', 'replies', 'evaluation', 'firstSeenAt',
] as const;

export type RollupMessage = Pick<MessageRecord, (typeof ROLLUP_FIELDS)[number]>;

export type RollupFields = Pick<
  CaseRecord,
  'title' | 'messageIds' | 'messageCount' | 'sources' | 'boards' | 'firstPostedAt' | 'lastPostedAt' | 'region' | 'type' | 'status' | 'replies' | 'evaluation'
>;

const time = (d: Date | null | undefined): number => (d ? d.getTime() : Number.NaN);

/** Posting time, or first-seen time for sources that do not give one. */
function postedTime(m: RollupMessage): number {
  const t = time(m.postedAt);
  return Number.isNaN(t) ? time(m.firstSeenAt) : t;
}

/** Latest activity: the last reply or evaluation, else the posting. */
function activityTime(m: RollupMessage): number {
  const times = [postedTime(m), ...m.replies.map((r) => time(r.at)), time(m.evaluation?.at)].filter((t) => !Number.isNaN(t));
  return times.length > 0 ? Math.max(...times) : 0;
}

/** Computes the roll-up; message order does not matter (ties break on id). */
export function rollupMessages(input: RollupMessage[]): RollupFields {
  const byPosted = [...input].sort((a, b) => postedTime(a) - postedTime(b) || (a._id < b._id ? -1 : 1));
  const first = byPosted[0];
  const last = byPosted.at(-1);
  const withRegion = byPosted.find((m) => m.region.code !== null) ?? first;
  const latest = [...byPosted].sort((a, b) => activityTime(b) - activityTime(a) || (a._id < b._id ? -1 : 1))[0];
  return {
    title: first?.title ?? null,
    messageIds: byPosted.map((m) => m._id),
    messageCount: byPosted.length,
    sources: [...new Set(byPosted.map((m) => m.source))].sort(),
    boards: uniqueBoards(byPosted),
    firstPostedAt: first?.postedAt ?? null,
    lastPostedAt: last?.postedAt ?? null,
    region: withRegion?.region ?? null,
    type: first?.type ?? null,
    status: latest ? { ...latest.status, messageId: latest._id } : null,
    replies: repliesOf(byPosted),
    evaluation: evaluationOf(byPosted),
  };
}

function uniqueBoards(ms: RollupMessage[]): RollupFields['boards'] {
  const seen = new Map<string, RollupFields['boards'][number]>();
  for (const m of ms) seen.set(`${m.source}\u0000${m.board.id ?? ''}\u0000${m.board.name ?? ''}`, { source: m.source, ...m.board });
  return [...seen.values()];
}

function repliesOf(ms: RollupMessage[]): RollupFields['replies'] {
  let latest: RollupFields['replies']['latest'] = null;
  let count = 0;
  for (const m of ms) {
    for (const r of m.replies) {
      count++;
      if (!latest || time(r.at) > time(latest.at) || (latest.at === null && r.at !== null)) latest = { messageId: m._id, ...r };
    }
  }
  return { count, latest };
}

function evaluationOf(ms: RollupMessage[]): RollupFields['evaluation'] {
  let best: RollupFields['evaluation'] = null;
  for (const m of ms) {
    const e = m.evaluation;
    if (!e) continue;
    if (!best || time(e.at) > time(best.at)) best = { messageId: m._id, label: e.label, text: e.text, at: e.at };
  }
  return best;
}
