/**
 * The app a pipeline test runs sources with: the real test store (all collections set up),
 * every source pointed at the board simulator, the simulator's clock, logs off.
 */
import pino from 'pino';

import type { RunningSimulator } from '../../sim/index.js';
import type { AppWithStore } from '../../src/cli/app.js';
import { pointAtSimulator } from '../../src/cli/simulated.js';
import { AppConfigSchema } from '../../src/config/schema.js';
import { ensureFrontierSchema } from '../../src/frontier/ensure.js';
import { ensureCaseSchema } from '../../src/store/case-schemas.js';
import { ensureSchema } from '../../src/store/mongo.js';
import type { TestDb } from './test-db.js';

/** Source options by source id, as in the config file. */
type SourceOptions = Readonly<Record<string, Record<string, unknown>>>;

export async function simulatedApp(t: TestDb, sim: RunningSimulator, options: SourceOptions): Promise<AppWithStore> {
  await ensureSchema(t.db);
  await ensureFrontierSchema(t.db);
  await ensureCaseSchema(t.db);
  const base = AppConfigSchema.parse({ fetch: { minIntervalMs: 0, jitterMs: 0 } });
  const config = pointAtSimulator(base, sim, { minIntervalMs: 0, options });
  const noServer = { uri: t.uri, embedded: false, dataDir: null, stop: async () => {} };
  return { config, log: pino({ level: 'silent' }), clock: sim.clock, store: { db: t.db, client: t.client, close: async () => {} }, server: noServer };
}
