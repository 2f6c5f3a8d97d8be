/** `doctor`: checks the database, Chromium, the config and each source, with a hint per failure. */
import path from 'node:path';

import { allSources } from '../../sources/registry.js';
import { baseUrlOf } from '../../pipeline/build-run.js';
import { createApp } from '../app.js';
import type { Command } from '../command.js';
import { checkChromium, checkDatabase, checkReachable, checkSourcesConfig, type Verdict } from './doctor-checks.js';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Check database, Chromium, config and each source\'s reachability, with hints',
  usage: 'doctor [--config=<file>] [--offline]',
  flags: { config: { type: 'string' }, offline: { type: 'boolean' } },
  async run(values, _pos, io) {
    const app = createApp({ configFile: values.config as string | undefined, env: io.env });
    const verdicts: Verdict[] = [await checkSourcesConfig(app.config)];
    verdicts.push(await checkDatabase(app.config, path.resolve(app.config.dataDir, 'db')));
    verdicts.push(await checkChromium(app.config.browser.executablePath));
    if (!values.offline) {
      const enabled = allSources().filter((s) => app.config.sources[s.id]?.enabled !== false);
      const checks = enabled.map((s) => checkReachable(s.id, baseUrlOf(app, s), 5000));
      verdicts.push(...(await Promise.all(checks)));
    }
    for (const v of verdicts) {
      io.stdout.write(`${v.ok ? 'ok  ' : 'FAIL'}  ${v.name.padEnd(20)} ${v.detail}\n`);
      if (!v.ok && v.hint) io.stdout.write(`      ${''.padEnd(20)} hint: ${v.hint}\n`);
    }
    const failed = verdicts.filter((v) => !v.ok).length;
    io.stdout.write(failed === 0 ? 'all checks passed\n' : `${failed} check(s) failed\n`);
    return failed === 0 ? 0 : 1;
  },
};
