import type { Status } from '../core/lifecycle.js';
import type { SimMessage } from '../core/message.js';
import { Timeline, type TimelineSpec } from '../core/timeline.js';
import type { Place } from '../core/text-gen.js';
import type { BoardCore } from '../core/world.js';

// City portals use their own vocabulary (boards.md §3.1).
const types: Readonly<Record<string, string>> = { '投诉/求助': '投诉', 咨询: '咨询', 建言: '建议', 感谢: '表扬' };
export const localType = (m: SimMessage): string => types[m.petition.typeName] ?? '求助';

const statuses: Readonly<Record<Status, string>> = { pending: '待受理', processing: '办理中', replied: '已办结' };
export const localStatus = (m: SimMessage): string => statuses[m.status];

export const satisfaction = (m: SimMessage): string => m.evaluation?.label ?? '';

/** Core of a single-city portal: every message is about the same place. */
export function cityCore(
  key: string, spec: TimelineSpec, place: Place, ids: { externalId(i: number): string; indexOf(id: string): number | null },
): BoardCore {
  return { key, boardId: spec.boardId, timeline: new Timeline(spec), placeOf: () => place, ...ids };
}

/** Daily sequence number of message i (信件编号 like G20190102-0011). */
export function dailySeq(timeline: Timeline, i: number): { ymd: string; seq: number } {
  const t = timeline.postedAt(i);
  const dayStart = Math.floor((t + 8 * 3_600_000) / 86_400_000) * 86_400_000 - 8 * 3_600_000;
  const first = timeline.indexAt(dayStart - 1) + 1;
  const ymd = new Date(t + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return { ymd, seq: i - first + 1 };
}
