import type { TimelineSpec } from './core/timeline.js';
import type { BoardCore } from './core/world.js';
import type { Route } from './http/types.js';

/** One simulated board: its id space, default volume and HTTP routes. Served on its own port. */
export interface BoardDef {
  readonly key: string;
  /** Stable small integer mixed into every seed of this board. */
  readonly boardId: number;
  readonly defaultPostsPerHour: number;
  makeCore(spec: TimelineSpec): BoardCore;
  readonly routes: readonly Route[];
}
