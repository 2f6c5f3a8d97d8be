/**
 * `demo`: the first thing a new user runs. Starts the board simulator and the local store,
 * crawls every source against the simulator, and prints what landed. Uses its own database
 * (`<database>_demo`) so it never mixes simulated data into real collections.
 */
import { buildRun, createHostQueues } from '../../pipeline/build-run.js';
import { runSource, type RunResult } from '../../pipeline/run-source.js';
import { getSource } from '../../sources/registry.js';
import { closeStore, createApp, openStore, reopenSchema } from '../app.js';
import { UsageError, type Command } from '../command.js';
import { DEMO_SOURCE_OPTIONS, SIMULATED_BOARD, startSimulated } from '../simulated.js';
import { printRuns, printStore } from './demo-report.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Start the simulator and local store, crawl every source, print what landed',
  usage: 'demo [--messages=<per board>] [--seed=<n>]',
  flags: { messages: { type: 'string' }, seed: { type: 'string' }, config: { type: 'string' } },
  async run(values, _pos, io) {
    const messages = values.messages === undefined ? 300 : Number(values.messages);
    const seed = values.seed === undefined ? 7 : Number(values.seed);
    if (!Number.isInteger(messages) || messages < 1) throw new UsageError(`--messages must be a positive integer, got "${String(values.messages)}"`);
    if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got "${String(values.seed)}"`);
    const base = createApp({ configFile: values.config as string | undefined, env: io.env });
    const demoConfig = { ...base.config, mongo: { ...base.config.mongo, database: `${base.config.mongo.database}_demo` } };
    const { sim, config } = await startSimulated(
      demoConfig,
      { seed, messagesPerBoard: messages, boards: { liuyan: { messages: messages * 20 } } },
      { minIntervalMs: 20, options: DEMO_SOURCE_OPTIONS },
    );
    io.stdout.write(`Simulator: ${Object.keys(sim.boards).length} boards on 127.0.0.1 (admin ${sim.adminUrl})\n`);
    const app = await openStore({ ...base, config });
    // A fresh demo database each time, so the output shows one complete crawl.
    await app.store.db.dropDatabase();
    await reopenSchema(app);
    io.stdout.write(`Store: ${app.server.embedded ? `embedded FerretDB in ${app.server.dataDir}` : 'MONGODB_URI'}, database ${config.mongo.database}\n`);
    try {
      const queues = createHostQueues(app);
      const ids = Object.keys(SIMULATED_BOARD);
      io.stdout.write(`Crawling ${ids.join(', ')} ...\n`);
      const results = await Promise.all(
        ids.map(async (id): Promise<[string, RunResult]> => [id, await runSource(buildRun(app, queues, { source: getSource(id), since: null, until: null, maxPages: 80 }))]),
      );
      printRuns(io.stdout, results);
      await printStore(io.stdout, app.store.db);
      return results.every(([, r]) => r.state === 'finished') ? 0 : 1;
    } finally {
      await closeStore(app);
      await sim.close();
    }
  },
};
