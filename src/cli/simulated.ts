/**
 * Runs the pipeline against the in-process board simulator instead of the real sites:
 * `--simulator` on crawl and schedule, and the demo. Each source's baseUrl is pointed at
 * the replica of its board; politeness stays on (the simulator's WAF would punish it).
 */
// Types only: the simulator is loaded by startSimulated. Its module graph holds ~42 MB of V8
// heap, which every crawl, schedule and the benchmark's worker would otherwise carry for
// nothing (docs/benchmarks.md, Memory).
import type { RunningSimulator, SimulatorOptionsInput } from '../../sim/index.js';
import { SourceConfigSchema, type AppConfig } from '../config/schema.js';

/** Which simulated board replicates which source. */
export const SIMULATED_BOARD: Readonly<Record<string, string>> = {
  renmin: 'liuyan',
  rednet: 'rednet-people',
  'rednet-wz': 'rednet-wz',
  'portal-dalian': 'dalian',
  'portal-jiamusi': 'jiamusi',
  'portal-xuzhou': 'xuzhou',
  'portal-beijing': 'beijing',
};

/** Options that make the demo's crawl small and quick but still polite. */
export const DEMO_SOURCE_OPTIONS: Readonly<Record<string, Record<string, unknown>>> = {
  renmin: { fids: ['14', '29'], maxPages: 2 },
};

export interface Simulated {
  sim: RunningSimulator;
  config: AppConfig;
}

/** A copy of the config with every simulated source's baseUrl on the simulator. */
export function pointAtSimulator(
  config: AppConfig,
  sim: Pick<RunningSimulator, 'boards'>,
  extra: { minIntervalMs?: number; options?: Readonly<Record<string, Record<string, unknown>>> } = {},
): AppConfig {
  const sources: AppConfig['sources'] = { ...config.sources };
  for (const [sourceId, board] of Object.entries(SIMULATED_BOARD)) {
    const target = sim.boards[board];
    if (!target) continue;
    const current = sources[sourceId] ?? SourceConfigSchema.parse({});
    const fetch = extra.minIntervalMs === undefined ? current.fetch : { ...current.fetch, minIntervalMs: extra.minIntervalMs, jitterMs: 0 };
    const options = { ...current.options, ...(extra.options?.[sourceId] ?? {}) };
    sources[sourceId] = { ...current, baseUrl: target.baseUrl, fetch, options };
  }
  return { ...config, sources };
}

/** Starts the simulator and returns the config pointed at it. */
export async function startSimulated(
  config: AppConfig,
  simOptions: SimulatorOptionsInput,
  extra: Parameters<typeof pointAtSimulator>[2] = {},
): Promise<Simulated> {
  const { startSimulator } = await import('../../sim/index.js');
  const sim = await startSimulator(simOptions);
  // Simulated messages never share a database with real ones.
  const database = config.mongo.database.endsWith('_demo') ? config.mongo.database : `${config.mongo.database}_sim`;
  return { sim, config: pointAtSimulator({ ...config, mongo: { ...config.mongo, database } }, sim, extra) };
}
