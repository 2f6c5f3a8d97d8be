/**
 * Builds what commands need (config, logger, store) and tears it down, so every command
 * goes through the same launcher: MONGODB_URI if set, else the embedded server under dataDir.
 */
import path from 'node:path';

import { loadConfig } from '../config/load.js';
import type { AppConfig } from '../config/schema.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { createLogger, type Logger } from '../shared/logger.js';
import { resolveServer, type ServerHandle } from '../store/local-server.js';
import { useConfiguredSources } from '../sources/registry.js';
import { connectStore, ensureSchema, type StoreConnection } from '../store/mongo.js';
import { sequenceUnevented } from '../store/event-log.js';
import { ensureFrontierSchema } from '../frontier/ensure.js';
import { ensureCaseSchema } from '../store/case-schemas.js';

export interface App {
  config: Readonly<AppConfig>;
  log: Logger;
  clock: Clock;
}

export interface AppWithStore extends App {
  store: StoreConnection;
  server: ServerHandle;
}

export interface AppOptions {
  configFile?: string | undefined;
  env: Record<string, string | undefined>;
}

/** Loads config and the logger; no database. */
export function createApp(options: AppOptions): App {
  const config = loadConfig({ file: options.configFile, env: options.env });
  useConfiguredSources(config);
  return { config, log: createLogger(config), clock: systemClock };
}

/** Starts or connects to the store, ensures the schema and finishes events a crash left. */
export async function openStore(app: App): Promise<AppWithStore> {
  const dataDir = path.resolve(app.config.dataDir, 'db');
  const sync = app.config.mongo.embeddedSync;
  const server = await resolveServer({ MONGODB_URI: app.config.mongo.uri }, { dataDir, sqlitePragmas: [`synchronous(${sync})`] });
  if (server.embedded) {
    app.log.info({ dataDir, database: app.config.mongo.database, sync }, 'using embedded local store (set MONGODB_URI to use another server)');
  } else {
    app.log.info({ database: app.config.mongo.database }, 'using store from MONGODB_URI');
  }
  try {
    const store = await connectStore(server.uri, app.config.mongo.database);
    await ensureSchema(store.db);
    await ensureFrontierSchema(store.db);
    await ensureCaseSchema(store.db);
    const recovered = await sequenceUnevented(store.db, app.clock);
    if (recovered > 0) app.log.warn({ recovered }, 'logged events left by an interrupted writer');
    return { ...app, store, server };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** Creates collections and indexes again (after a test or demo dropped the database). */
export async function reopenSchema(app: AppWithStore): Promise<void> {
  await ensureSchema(app.store.db);
  await ensureFrontierSchema(app.store.db);
  await ensureCaseSchema(app.store.db);
}

/** Closes the connection and stops an embedded server. */
export async function closeStore(app: AppWithStore): Promise<void> {
  await app.store.close();
  await app.server.stop();
}
