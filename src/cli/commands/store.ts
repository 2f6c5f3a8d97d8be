/** Commands that work on the store: init, events, server. */
import { closeStore, createApp, openStore } from '../app.js';
import { UsageError, type Command, type FlagValues } from '../command.js';
import { readEventsAfter } from '../../store/event-log.js';
import { Collections } from '../../store/schemas.js';

function intFlag(values: FlagValues, name: string, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer, got "${String(raw)}"`);
  return n;
}

export const initCommand: Command = {
  name: 'init',
  summary: 'Create collections and indexes (idempotent) and print their counts',
  usage: 'init [--config=<file>]',
  flags: { config: { type: 'string' } },
  async run(values, _pos, io) {
    const app = await openStore(createApp({ configFile: values.config as string | undefined, env: io.env }));
    try {
      for (const name of Object.values(Collections)) {
        const n = await app.store.db.collection(name).estimatedDocumentCount();
        io.stdout.write(`${name}\t${n}\n`);
      }
      return 0;
    } finally {
      await closeStore(app);
    }
  },
};

export const eventsCommand: Command = {
  name: 'events',
  summary: 'Print events after a sequence number as JSON lines',
  usage: 'events [--after=<seq>] [--limit=<n>]',
  flags: { after: { type: 'string' }, limit: { type: 'string' }, config: { type: 'string' } },
  async run(values, _pos, io) {
    const after = intFlag(values, 'after', 0);
    const limit = intFlag(values, 'limit', 100);
    const app = await openStore(createApp({ configFile: values.config as string | undefined, env: io.env }));
    try {
      for (const e of await readEventsAfter(app.store.db, after, limit)) io.stdout.write(`${JSON.stringify(e)}\n`);
      return 0;
    } finally {
      await closeStore(app);
    }
  },
};

export const serverCommand: Command = {
  name: 'server',
  summary: 'Run the embedded MongoDB-compatible server and print its URI until Ctrl-C',
  usage: 'server',
  flags: { config: { type: 'string' } },
  async run(values, _pos, io) {
    const app = await openStore(createApp({ configFile: values.config as string | undefined, env: io.env }));
    io.stdout.write(`${app.server.uri}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await closeStore(app);
    return 0;
  },
};
