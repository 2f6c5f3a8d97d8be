import { mix } from '../core/prng.js';
import { SlotIndex } from '../core/slot-index.js';
import type { Place } from '../core/text-gen.js';
import { Timeline, type TimelineSpec } from '../core/timeline.js';
import type { BoardCore } from '../core/world.js';
import type { Petition } from '../core/text-gen.js';
import { forumByFid, leafForums, type Forum } from './forums.js';

export const LIUYAN_KEY = 'liuyan';

// tids are global on the real site (other forums' posts interleave), so ours step by ~7.
const TID_BASE = 18_000_000;
const TID_STRIDE = 7;

/** Message i belongs to leaf forum `fidOf(i)`; volumes follow the forum weights. */
export const liuyanSlots = new SlotIndex<number>(leafForums().map((f) => [f.fid, f.weight] as const));

export function tidOf(i: number): number {
  return TID_BASE + i * TID_STRIDE + (mix(i, 7) % TID_STRIDE);
}

export function indexOfTid(tid: number): number | null {
  if (!Number.isInteger(tid) || tid < TID_BASE) return null;
  const i = Math.floor((tid - TID_BASE) / TID_STRIDE);
  return tidOf(i) === tid ? i : null;
}

/** Exclusive index bound for a `lastItem` cursor: every index below has a smaller tid. */
export function indexBoundForCursor(tid: number): number {
  if (tid < TID_BASE) return 0;
  const i = Math.floor((tid - TID_BASE) / TID_STRIDE);
  return tidOf(i) < tid ? i + 1 : i;
}

export function forumOf(i: number): Forum {
  const forum = forumByFid(liuyanSlots.categoryOf(i));
  if (!forum) throw new Error('slot without forum');
  return forum;
}

export function makeLiuyanCore(spec: TimelineSpec): BoardCore {
  return {
    key: LIUYAN_KEY,
    boardId: spec.boardId,
    timeline: new Timeline(spec),
    placeOf: (i: number): Place => forumOf(i).place,
    externalId: (i: number) => String(tidOf(i)),
    indexOf: (id: string) => indexOfTid(Number(id)),
  };
}

/** Ministries answer in their own name; local leaders through a city/provincial office. */
export function liuyanOrg(i: number, place: Place, petition: Petition): string {
  const forum = forumOf(i);
  if (forum.kind === 'ministry') return forum.name;
  return `${place.city}${petition.dept}`;
}

export const typeIds: Readonly<Record<string, number>> = { 咨询: 1, '投诉/求助': 2, 建言: 5, 求助: 6, 感谢: 9 };
// 城建 = 7 is attested (boards.md §1.3); the other ids are our own assignment.
export const domainIds: Readonly<Record<string, number>> = {
  城建: 7, 交通: 8, 三农: 9, 环保: 10, 教育: 11, 医疗: 12, 治安: 13, 旅游: 14, 就业: 15, 文娱: 16, 金融: 17, 企业: 18, 政务: 19,
};
export const stateNames = { pending: '待回复', processing: '办理中', replied: '已办理' } as const;
