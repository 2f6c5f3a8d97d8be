import { statusAt, type Status } from '../core/lifecycle.js';
import { buildMessage, type SimMessage } from '../core/message.js';
import type { World } from '../core/world.js';
import { indexBoundForCursor, LIUYAN_KEY, liuyanOrg, liuyanSlots, typeIds } from './board.js';
import { leafFidsUnder } from './forums.js';

export interface ThreadQuery {
  readonly fid: number;
  /** tid of the last row of the previous page; 0 for the first page. */
  readonly lastItem: number;
  readonly pageSize: number;
  /** Only these statuses; undefined for all (state=1). */
  readonly statuses?: ReadonlySet<Status>;
  readonly typeId?: number;
  /** Upper bound on candidates examined, so filtered pages stay cheap. */
  readonly scanLimit: number;
}

/** `state` form values of the old site: 1 全部, 2 待回复, 3 办理中, 4 已办理. */
export function statusesForState(state: number): ReadonlySet<Status> | undefined {
  if (state === 2) return new Set(['pending']);
  if (state === 3) return new Set(['processing']);
  if (state === 4) return new Set(['replied']);
  return undefined;
}

/**
 * Newest-first rows of a forum subtree below the cursor. Walks ranks of the forum's slots
 * downward, so cost is O(page + skipped rows), independent of board size and cursor depth.
 */
export function listThreads(world: World, nowMs: number, q: ThreadQuery): SimMessage[] {
  const positions = liuyanSlots.positions(leafFidsUnder(q.fid));
  if (positions.length === 0) return [];
  const visible = world.board(LIUYAN_KEY).timeline.countAt(nowMs);
  const upper = q.lastItem > 0 ? Math.min(visible, indexBoundForCursor(q.lastItem)) : visible;
  const out: SimMessage[] = [];
  let scanned = 0;
  for (let rank = liuyanSlots.countBelow(positions, upper) - 1; rank >= 0 && out.length < q.pageSize; rank--) {
    if (++scanned > q.scanLimit) break;
    const i = liuyanSlots.indexOfRank(positions, rank);
    const life = world.lifecycle(LIUYAN_KEY, i);
    if (life.deletedAt !== null && life.deletedAt <= nowMs) continue;
    if (q.statuses && !q.statuses.has(statusAt(life, nowMs))) continue;
    const msg = buildMessage(world, LIUYAN_KEY, i, nowMs, liuyanOrg);
    if (q.typeId !== undefined && typeIds[msg.petition.typeName] !== q.typeId) continue;
    out.push(msg);
  }
  return out;
}

/** Newest messages (any forum under `fid`, or all) for keyword search, scanning a bounded window. */
export function* scanNewest(world: World, nowMs: number, fid: number | null, limit: number): Generator<SimMessage> {
  const visible = world.board(LIUYAN_KEY).timeline.countAt(nowMs);
  const leaves = fid === null ? null : leafFidsUnder(fid);
  for (let i = visible - 1, seen = 0; i >= 0 && seen < limit; i--, seen++) {
    if (leaves && !leaves.has(liuyanSlots.categoryOf(i))) continue;
    const life = world.lifecycle(LIUYAN_KEY, i);
    if (life.deletedAt !== null && life.deletedAt <= nowMs) continue;
    yield buildMessage(world, LIUYAN_KEY, i, nowMs, liuyanOrg);
  }
}
