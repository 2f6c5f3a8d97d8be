import { lifecycleOf, type Lifecycle, type LifecycleRates } from './lifecycle.js';
import { Rng, unit } from './prng.js';
import { editForRepost, generatePetition, type Petition, type Place } from './text-gen.js';
import { Timeline } from './timeline.js';

const DAY = 86_400_000;
/** How many earlier posts a repost or cross-post looks through for one about its place. */
const SAME_PLACE_SCAN = 400;

/** What every simulated board shares: a timeline, a place per message and an id scheme. */
export interface BoardCore {
  readonly key: string;
  readonly boardId: number;
  readonly timeline: Timeline;
  placeOf(i: number): Place;
  externalId(i: number): string;
  /** Inverse of externalId; null when the id was never issued. */
  indexOf(externalId: string): number | null;
}

export interface DuplicateRates {
  readonly repostRate: number;
  readonly crossPostRate: number;
}

export const OriginKind = { original: 'original', repost: 'repost', crossPost: 'cross-post' } as const;
export type OriginKind = (typeof OriginKind)[keyof typeof OriginKind];

export interface Origin {
  readonly board: string;
  readonly index: number;
  readonly kind: OriginKind;
}

/** All boards of one simulator run, so cross-posts can point at another board's message. */
export class World {
  readonly seed: number;
  readonly boards = new Map<string, BoardCore>();
  readonly dupRates: DuplicateRates;
  readonly lifeRates: LifecycleRates;

  constructor(seed: number, dupRates: DuplicateRates, lifeRates: LifecycleRates) {
    this.seed = seed;
    this.dupRates = dupRates;
    this.lifeRates = lifeRates;
  }

  add(core: BoardCore): void {
    this.boards.set(core.key, core);
  }

  board(key: string): BoardCore {
    const core = this.boards.get(key);
    if (!core) throw new Error(`unknown board ${key}`);
    return core;
  }

  /** Raw duplicate decision; never recurses, so a duplicate never points at a duplicate. */
  #dupRoll(core: BoardCore, i: number): number {
    return unit(this.seed, core.boardId, i, 31);
  }

  #isDupCandidate(core: BoardCore, i: number): boolean {
    return this.#dupRoll(core, i) < this.dupRates.repostRate + this.dupRates.crossPostRate;
  }

  /** The latest post at or before index `from` on `board` about the place of message i, if it can be an original. */
  #samePlaceBefore(core: BoardCore, i: number, board: BoardCore, from: number): number | null {
    const here = core.placeOf(i);
    for (let j = from; j >= 0 && j > from - SAME_PLACE_SCAN; j--) {
      const there = board.placeOf(j);
      if (there.province !== here.province || there.city !== here.city) continue;
      return this.#isDupCandidate(board, j) ? null : j;
    }
    return null;
  }

  originOf(key: string, i: number): Origin {
    const core = this.board(key);
    const roll = this.#dupRoll(core, i);
    const rng = new Rng(this.seed, core.boardId, i, 37);
    const { repostRate, crossPostRate } = this.dupRates;
    const self = { board: key, index: i, kind: OriginKind.original } as const;
    if (roll < repostRate) {
      // Reposted three to eight weeks after the first post, to the same forum or city.
      const lagMs = rng.range(21, 56) * DAY;
      const j = this.#samePlaceBefore(core, i, core, core.timeline.indexAt(core.timeline.postedAt(i) - lagMs));
      if (j === null) return self;
      return { board: key, index: j, kind: OriginKind.repost };
    }
    if (roll < repostRate + crossPostRate && this.boards.size > 1) {
      const others = [...this.boards.values()].filter((b) => b.key !== key);
      const other = rng.pick(others);
      // People cross-post to boards that cover their place (a city mailbox and the province's
      // leader board), so the original is a recent post on the other board about this place.
      const j = this.#samePlaceBefore(core, i, other, other.timeline.indexAt(core.timeline.postedAt(i) - rng.range(0.1, 3) * DAY));
      if (j === null) return self;
      return { board: other.key, index: j, kind: OriginKind.crossPost };
    }
    return self;
  }

  /** The petition text of message i, following its origin for reposts and cross-posts. */
  petitionOf(key: string, i: number): Petition {
    const origin = this.originOf(key, i);
    const src = this.board(origin.board);
    const base = generatePetition(new Rng(this.seed, src.boardId, origin.index, 41), src.placeOf(origin.index));
    if (origin.kind === OriginKind.original) return base;
    const rng = new Rng(this.seed, this.board(key).boardId, i, 43);
    // Cross-posts are mostly verbatim; reposts are edited.
    return origin.kind === OriginKind.repost || rng.chance(0.3) ? editForRepost(rng, base) : base;
  }

  lifecycle(key: string, i: number): Lifecycle {
    const core = this.board(key);
    return lifecycleOf(this.seed, core.boardId, i, core.timeline.postedAt(i), this.lifeRates);
  }
}
