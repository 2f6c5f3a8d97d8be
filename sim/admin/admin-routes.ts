import { z } from 'zod';
import type { SimClock } from '../core/sim-clock.js';
import { truthGroups, type TruthRange } from '../core/truth.js';
import type { World } from '../core/world.js';
import type { BoardServer } from '../http/server.js';
import { ConfigPatchSchema, type BoardRuntime, type ConfigPatch } from '../options.js';

export interface AdminState {
  readonly world: World;
  readonly clock: SimClock;
  readonly servers: ReadonlyMap<string, { server: BoardServer; baseUrl: string }>;
}

export interface AdminResult {
  readonly status: number;
  readonly body: unknown;
}

const ClockPatchSchema = z.object({
  advanceMs: z.number().optional(),
  set: z.union([z.string(), z.number()]).optional(),
  speed: z.number().min(0).optional(),
});

function clockView(clock: SimClock): Record<string, unknown> {
  return { nowMs: clock.nowMs(), iso: clock.now().toISOString() };
}

export function patchClock(state: AdminState, body: unknown): AdminResult {
  const parsed = ClockPatchSchema.safeParse(body);
  if (!parsed.success) return { status: 400, body: { error: z.prettifyError(parsed.error) } };
  const { advanceMs, set, speed } = parsed.data;
  if (set !== undefined) {
    const ms = typeof set === 'number' ? set : Date.parse(set);
    if (Number.isNaN(ms)) return { status: 400, body: { error: `bad time ${String(set)}` } };
    state.clock.set(ms);
  }
  if (advanceMs !== undefined) state.clock.advance(advanceMs);
  if (speed !== undefined) state.clock.setSpeed(speed);
  return { status: 200, body: clockView(state.clock) };
}

/** Merges a patch into one or all boards' runtime settings (latency, WAF, faults, challenge). */
export function applyConfigPatch(runtime: BoardRuntime, patch: ConfigPatch): void {
  if (patch.latency) runtime.latency = { ...runtime.latency, ...patch.latency };
  if (patch.waf) runtime.waf = { ...runtime.waf, ...patch.waf };
  if (patch.faults) runtime.faults = { ...runtime.faults, ...patch.faults };
  if (patch.challenge !== undefined) runtime.challenge = patch.challenge;
}

export function patchConfig(state: AdminState, body: unknown): AdminResult {
  const parsed = ConfigPatchSchema.safeParse(body);
  if (!parsed.success) return { status: 400, body: { error: z.prettifyError(parsed.error) } };
  const targets = parsed.data.board ? [parsed.data.board] : [...state.servers.keys()];
  for (const key of targets) {
    const entry = state.servers.get(key);
    if (!entry) return { status: 404, body: { error: `unknown board ${key}` } };
    applyConfigPatch(entry.server.runtime, parsed.data);
    if (parsed.data.waf) entry.server.waf.reset();
  }
  return { status: 200, body: configView(state) };
}

export function configView(state: AdminState): Record<string, unknown> {
  return Object.fromEntries([...state.servers].map(([k, v]) => [k, v.server.runtime]));
}

export function statsView(state: AdminState): Record<string, unknown> {
  return Object.fromEntries([...state.servers].map(([k, v]) => [k, { ...v.server.stats.toJSON(), wafBlocked: v.server.waf.blockedCount }]));
}

export function boardsView(state: AdminState): Record<string, unknown> {
  const now = state.clock.nowMs();
  return Object.fromEntries([...state.servers].map(([k, v]) => [k, { baseUrl: v.baseUrl, posted: state.world.board(k).timeline.countAt(now) }]));
}

/**
 * GET /_admin/truth?board=a,b&from=&to= (message indices) or ?newest=N (default 5000): groups of
 * (board, externalId) that are the same issue, for duplicates inside the ranges.
 */
export function truthView(state: AdminState, query: URLSearchParams): AdminResult {
  const now = state.clock.nowMs();
  const keys = (query.get('board') ?? [...state.servers.keys()].join(',')).split(',').filter(Boolean);
  const newest = Math.min(Number(query.get('newest') ?? 5000), 1_000_000);
  const ranges: TruthRange[] = [];
  for (const board of keys) {
    if (!state.servers.has(board)) return { status: 404, body: { error: `unknown board ${board}` } };
    const posted = state.world.board(board).timeline.countAt(now);
    const to = Math.min(posted, Number(query.get('to') ?? posted));
    const from = Number(query.get('from') ?? Math.max(0, to - newest));
    ranges.push({ board, from, to });
  }
  return { status: 200, body: { ranges, groups: truthGroups(state.world, ranges) } };
}

/** GET /_admin/message?board=&externalId= : where a message came from and what happens to it. */
export function messageView(state: AdminState, query: URLSearchParams): AdminResult {
  const board = query.get('board') ?? '';
  if (!state.servers.has(board)) return { status: 404, body: { error: `unknown board ${board}` } };
  const core = state.world.board(board);
  const i = query.has('index') ? Number(query.get('index')) : core.indexOf(query.get('externalId') ?? '');
  if (i === null || !Number.isInteger(i) || i < 0) return { status: 404, body: { error: 'unknown message' } };
  const origin = state.world.originOf(board, i);
  return {
    status: 200,
    body: {
      board, index: i, externalId: core.externalId(i), postedAtMs: core.timeline.postedAt(i),
      origin: { ...origin, externalId: state.world.board(origin.board).externalId(origin.index) },
      lifecycle: state.world.lifecycle(board, i),
    },
  };
}
