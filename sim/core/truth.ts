import type { World } from './world.js';

export interface TruthMember {
  readonly board: string;
  readonly externalId: string;
  /** original, repost or cross-post */
  readonly kind: string;
}

export interface TruthGroup {
  readonly members: readonly TruthMember[];
}

export interface TruthRange {
  readonly board: string;
  /** Inclusive lower message index. */
  readonly from: number;
  /** Exclusive upper message index. */
  readonly to: number;
}

/**
 * Groups of messages that are the same issue, for every duplicate whose index lies in the given
 * ranges. Duplicates always point at an original (never at another duplicate), so groups are
 * stars keyed by their original and merge across boards.
 */
export function truthGroups(world: World, ranges: readonly TruthRange[]): TruthGroup[] {
  const groups = new Map<string, TruthMember[]>();
  for (const { board, from, to } of ranges) {
    const core = world.board(board);
    for (let i = Math.max(0, from); i < to; i++) {
      const origin = world.originOf(board, i);
      if (origin.kind === 'original') continue;
      const key = `${origin.board}:${origin.index}`;
      let members = groups.get(key);
      if (!members) {
        members = [{ board: origin.board, externalId: world.board(origin.board).externalId(origin.index), kind: 'original' }];
        groups.set(key, members);
      }
      members.push({ board, externalId: core.externalId(i), kind: origin.kind });
    }
  }
  return [...groups.values()].map((members) => ({ members }));
}
