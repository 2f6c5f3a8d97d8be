/** Commands that inspect config and sources without touching the store. */
import { createApp } from '../app.js';
import type { Command } from '../command.js';
import { allSources, sourceOptions } from '../../sources/registry.js';

export const configCheckCommand: Command = {
  name: 'config-check',
  summary: 'Validate config files, env and every source\'s options',
  usage: 'config-check [--config=<file>]',
  flags: { config: { type: 'string' } },
  async run(values, _pos, io) {
    const app = createApp({ configFile: values.config as string | undefined, env: io.env });
    for (const source of allSources()) sourceOptions(source, app.config);
    io.stdout.write(`config ok (env ${app.config.env}, ${allSources().length} sources)\n`);
    return 0;
  },
};

export const sourcesCommand: Command = {
  name: 'sources',
  summary: 'List registered sources and their traits',
  usage: 'sources [--json] [--config=<file>]',
  flags: { json: { type: 'boolean' }, config: { type: 'string' } },
  async run(values, _pos, io) {
    // Loading the config registers the portals it adds.
    createApp({ configFile: values.config as string | undefined, env: io.env });
    const rows = allSources().map((s) => ({
      id: s.id,
      name: s.name,
      via: s.fetch.via,
      encoding: s.fetch.encoding,
      schedule: s.schedule,
      baseUrl: s.baseUrl,
    }));
    if (values.json) {
      io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    } else if (rows.length === 0) {
      io.stdout.write('no sources registered\n');
    } else {
      for (const r of rows) io.stdout.write(`${r.id}\t${r.name}\t${r.via}/${r.encoding}\t${r.schedule}\t${r.baseUrl}\n`);
    }
    return 0;
  },
};
