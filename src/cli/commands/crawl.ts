/**
 * `crawl --source=<id>`: one run of a source (a backfill with --since/--until). Re-running
 * the same command after a crash or Ctrl-C resumes: the sweep id is derived from the
 * arguments, finished pages are not fetched again and messages are stored idempotently.
 * Once a sweep has finished, the same command starts the next one (incremental from the
 * stored watermarks). Ctrl-C stops cleanly.
 */
import { runSource } from '../../pipeline/run-source.js';
import { buildRun, resumableSweepId, createHostQueues } from '../../pipeline/build-run.js';
import { getSource } from '../../sources/registry.js';
import { RunRepository } from '../../store/runs.js';
import { closeStore, createApp, openStore } from '../app.js';
import { UsageError, type Command, type CommandIo, type FlagValues } from '../command.js';
import { printSummary } from './crawl-output.js';
import { Progress } from './progress.js';
import { dryRun } from './dry-run.js';
import { startSimulated } from '../simulated.js';

/** Reads YYYY-MM-DD as midnight in Asia/Shanghai (the boards' time zone). */
export function parseDay(name: string, value: unknown): Date | null {
  if (value === undefined) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
  const date = m ? new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00+08:00`) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new UsageError(`--${name} must be a date YYYY-MM-DD, got "${String(value)}"`);
  }
  return date;
}

function positiveInt(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive integer, got "${String(value)}"`);
  return n;
}

function readArgs(values: FlagValues) {
  if (typeof values.source !== 'string' || values.source === '') throw new UsageError('--source=<id> is required');
  const since = parseDay('since', values.since);
  const until = parseDay('until', values.until);
  if (since && until && until < since) throw new UsageError('--until must not be before --since');
  const fids = typeof values.fid === 'string' ? values.fid.split(',').map((f) => f.trim()).filter(Boolean) : undefined;
  return { source: values.source, since, until, fids, maxPages: positiveInt('max-pages', values['max-pages']) };
}

export const crawlCommand: Command = {
  name: 'crawl',
  summary: 'Crawl one source now (incremental, or a backfill with --since/--until); re-run to resume',
  usage: 'crawl --source=<id> [--fid=<a,b>] [--since=YYYY-MM-DD] [--until=YYYY-MM-DD] [--max-pages=N] [--fresh] [--dry-run] [--simulator [--sim-messages=N]]',
  flags: {
    source: { type: 'string' },
    fid: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    'max-pages': { type: 'string' },
    fresh: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    simulator: { type: 'boolean' },
    'sim-messages': { type: 'string' },
    config: { type: 'string' },
  },
  async run(values, _pos, io) {
    const args = readArgs(values);
    // The config first: it may add sources (`portals`).
    const base = createApp({ configFile: values.config as string | undefined, env: io.env });
    const source = getSource(args.source);
    // --simulator: crawl the in-process replica (same seed every time, so a re-run resumes).
    const simulated = values.simulator
      ? await startSimulated(base.config, { seed: 7, messagesPerBoard: positiveInt('sim-messages', values['sim-messages']) ?? 2000 }, { minIntervalMs: 0 })
      : null;
    if (values['dry-run'] === true) {
      const target = simulated ? { ...base, config: simulated.config } : base;
      try {
        return await dryRun(target, source, { since: args.since, until: args.until, maxPages: args.maxPages ?? 10 }, io.stdout);
      } finally {
        await simulated?.sim.close();
      }
    }
    const app = await openStore(simulated ? { ...base, config: simulated.config } : base);
    const controller = new AbortController();
    const stop = (): void => controller.abort(new Error('stopped by signal'));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      return await crawlOnce(app, source, args, values.fresh === true, controller.signal, io);
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await closeStore(app);
      await simulated?.sim.close();
    }
  },
};

async function crawlOnce(
  app: Awaited<ReturnType<typeof openStore>>,
  source: ReturnType<typeof getSource>,
  args: ReturnType<typeof readArgs>,
  fresh: boolean,
  signal: AbortSignal,
  io: CommandIo,
): Promise<number> {
  const sweepParts = { source: source.id, since: args.since, until: args.until, fids: args.fids ?? null };
  const sweepId = fresh ? undefined : await resumableSweepId(new RunRepository(app.store.db), source.id, sweepParts);
  const input = buildRun(app, createHostQueues(app), {
    source,
    since: args.since,
    until: args.until,
    maxPages: args.maxPages,
    ...(args.fids ? { optionOverrides: { fids: args.fids } } : {}),
    ...(sweepId ? { sweepId } : {}),
    signal,
    args: { since: args.since?.toISOString() ?? null, until: args.until?.toISOString() ?? null, fid: args.fids?.join(',') ?? null },
  });
  const progress = new Progress({ out: io.stderr as NodeJS.WritableStream & { isTTY?: boolean }, maxPages: args.maxPages });
  const result = await runSource({ ...input, onProgress: (s) => progress.update(s) });
  progress.done();
  printSummary(io.stdout, source.id, result);
  return result.state === 'finished' ? 0 : result.state === 'interrupted' ? 130 : 1;
}
