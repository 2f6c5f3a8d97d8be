import { startAdminServer } from './admin/admin-server.js';
import type { AdminState } from './admin/admin-routes.js';
import { applyConfigPatch } from './admin/admin-routes.js';
import type { BoardDef } from './board-def.js';
import { boardDefs } from './boards.js';
import { SimClock } from './core/sim-clock.js';
import { World } from './core/world.js';
import { BoardServer } from './http/server.js';
import { SimulatorOptionsSchema, type BoardRuntime, type SimulatorOptions, type SimulatorOptionsInput } from './options.js';

export { signLiuyan, LIUYAN_APP_CODE } from './liuyan/sign.js';
export { boardKeys } from './boards.js';
export type { SimulatorOptionsInput, SimulatorOptions } from './options.js';

export interface RunningSimulator {
  /** Base URL per board key (liuyan, rednet-people, rednet-wz, dalian, jiamusi, xuzhou, beijing, trad-board). */
  readonly boards: Record<string, { baseUrl: string }>;
  readonly adminUrl: string;
  readonly clock: SimClock;
  readonly world: World;
  close(): Promise<void>;
}

function runtimeFor(def: BoardDef, opts: SimulatorOptions): BoardRuntime {
  const runtime: BoardRuntime = { latency: { ...opts.latency }, waf: { ...opts.waf }, faults: { ...opts.faults }, challenge: opts.challenge.board === def.key };
  const own = opts.boards[def.key];
  if (own) applyConfigPatch(runtime, { latency: own.latency, waf: own.waf, faults: own.faults });
  return runtime;
}

function buildWorld(opts: SimulatorOptions): World {
  const world = new World(opts.seed, opts.duplicates, opts.lifecycle);
  for (const def of boardDefs) {
    const own = opts.boards[def.key];
    world.add(def.makeCore({
      boardId: def.boardId,
      seed: opts.seed,
      initialCount: own?.messages ?? opts.messagesPerBoard,
      historyMs: opts.historyDays * 86_400_000,
      intervalMs: Math.round(3_600_000 / (own?.postsPerHour ?? def.defaultPostsPerHour)),
      startMs: opts.startTime,
    }));
  }
  return world;
}

/** Starts every board on its own 127.0.0.1 port plus the admin server; options are zod-validated. */
export async function startSimulator(input: SimulatorOptionsInput = {}): Promise<RunningSimulator> {
  const opts = SimulatorOptionsSchema.parse(input);
  const unknown = Object.keys(opts.boards).filter((k) => !boardDefs.some((d) => d.key === k));
  if (unknown.length > 0) throw new Error(`unknown boards in options: ${unknown.join(', ')}`);
  const clock = new SimClock(opts.startTime, opts.clockSpeed);
  const world = buildWorld(opts);
  const servers = new Map<string, { server: BoardServer; baseUrl: string }>();
  try {
    for (const def of boardDefs) {
      const server = new BoardServer({
        ctx: { world, clock, board: def.key, scanLimit: opts.searchScanLimit },
        boardId: def.boardId, routes: def.routes, runtime: runtimeFor(def, opts), cookieName: opts.challenge.cookieName,
      });
      servers.set(def.key, { server, baseUrl: await server.listen(opts.host, opts.boards[def.key]?.port ?? 0) });
    }
  } catch (err) {
    await Promise.all([...servers.values()].map((s) => s.server.close()));
    throw err;
  }
  const state: AdminState = { world, clock, servers };
  const admin = await startAdminServer(state, opts.host, opts.adminPort);
  return {
    boards: Object.fromEntries([...servers].map(([k, v]) => [k, { baseUrl: v.baseUrl }])),
    adminUrl: admin.url,
    clock,
    world,
    close: async () => {
      admin.server.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => admin.server.close(() => resolve())),
        ...[...servers.values()].map((s) => s.server.close()),
      ]);
    },
  };
}
