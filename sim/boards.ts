import type { BoardDef } from './board-def.js';
import { beijingBoard } from './local/beijing.js';
import { dalianBoard } from './local/dalian.js';
import { jiamusiBoard } from './local/jiamusi.js';
import { tradBoard } from './local/trad-board.js';
import { xuzhouBoard } from './local/xuzhou.js';
import { LIUYAN_KEY, makeLiuyanCore } from './liuyan/board.js';
import { liuyanRoutes } from './liuyan/routes.js';
import { makeRednetCore } from './rednet/board.js';
import { rednetPeopleRoutes, rednetWzRoutes } from './rednet/routes.js';

/** Every simulated board, each served on its own port. Explicit list: no directory scanning. */
export const boardDefs: readonly BoardDef[] = [
  { key: LIUYAN_KEY, boardId: 1, defaultPostsPerHour: 120, makeCore: makeLiuyanCore, routes: liuyanRoutes },
  // Ids near the ~4.7M seen for 百姓呼声 in 2026.
  { key: 'rednet-people', boardId: 2, defaultPostsPerHour: 60, makeCore: (s) => makeRednetCore('rednet-people', { base: 3_700_000, stride: 3 }, s), routes: rednetPeopleRoutes },
  { key: 'rednet-wz', boardId: 3, defaultPostsPerHour: 20, makeCore: (s) => makeRednetCore('rednet-wz', { base: 100_000, stride: 2 }, s), routes: rednetWzRoutes },
  dalianBoard,
  jiamusiBoard,
  xuzhouBoard,
  beijingBoard,
  tradBoard,
];

export const boardKeys = boardDefs.map((d) => d.key);
