/**
 * `schedule` (what `npm start` runs): the long-running daemon. Every enabled source is
 * crawled on its cron schedule; /health and /metrics are served; SIGINT/SIGTERM stop new
 * work, let running sources hand back their tasks, and close the store.
 */
import { buildRun, createHostQueues } from '../../pipeline/build-run.js';
import { runSource } from '../../pipeline/run-source.js';
import { startHealthServer } from '../../scheduler/health-server.js';
import { PipelineMetrics } from '../../scheduler/metrics.js';
import { Scheduler } from '../../scheduler/scheduler.js';
import { allSources, getSource } from '../../sources/registry.js';
import { closeStore, createApp, openStore, type AppWithStore } from '../app.js';
import type { Command } from '../command.js';
import { startSimulated } from '../simulated.js';

/** Sources the daemon runs: registered, not disabled in config. */
export function enabledSources(app: Pick<AppWithStore, 'config'>): { id: string; cron: string }[] {
  return allSources()
    .filter((s) => app.config.sources[s.id]?.enabled !== false)
    .map((s) => ({ id: s.id, cron: app.config.sources[s.id]?.schedule ?? s.schedule }));
}

export const scheduleCommand: Command = {
  name: 'schedule',
  summary: 'Run the collection daemon: cron per source, /health and /metrics, clean shutdown',
  usage: 'schedule [--config=<file>] [--port=<n>] [--simulator]',
  flags: { config: { type: 'string' }, port: { type: 'string' }, simulator: { type: 'boolean' } },
  async run(values, _pos, io) {
    const base = createApp({ configFile: values.config as string | undefined, env: io.env });
    // --simulator: collect from the in-process replicas of the boards (time runs 60x faster).
    const simulated = values.simulator
      ? await startSimulated(base.config, { seed: 7, messagesPerBoard: 2000, clockSpeed: 60 }, { minIntervalMs: 200 })
      : null;
    if (simulated) base.log.info({ admin: simulated.sim.adminUrl }, 'collecting from the board simulator');
    const app = await openStore(simulated ? { ...base, config: simulated.config } : base);
    const queues = createHostQueues(app);
    const metrics = new PipelineMetrics();
    const scheduler = new Scheduler({
      sources: enabledSources(app),
      log: app.log,
      clock: app.clock,
      metrics,
      timezone: app.config.daemon.timezone,
      jitterMs: app.config.daemon.jitterMs,
      runAtStart: app.config.daemon.runAtStart,
      run: (id, signal) =>
        // Each list is swept when due by its own posting rate, re-visits when due by theirs;
        // spare request budget goes to early sweeps and early looks at open messages.
        runSource({
          ...buildRun(app, queues, { source: getSource(id), since: null, until: null, signal }),
          adaptiveLists: true,
          spareBudget: app.config.daemon.spareBudget,
          maxRunMs: app.config.daemon.runMinutes * 60_000,
        }),
    });
    const port = values.port === undefined ? app.config.daemon.port : Number(values.port);
    const health = await startHealthServer(scheduler, metrics, app.config.daemon.host, port);
    scheduler.start();
    app.log.info({ health: `${health.url}/health`, metrics: `${health.url}/metrics` }, 'daemon running');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    app.log.info({}, 'shutting down');
    await scheduler.stop();
    await health.close();
    await closeStore(app);
    await simulated?.sim.close();
    return 0;
  },
};
