/**
 * The CLI entry point: `npm run cli -- <command> [flags]`, `npm run crawl -- --source=<id>`.
 * Exit codes: 0 success, 1 runtime failure, 2 bad usage or config (the message names the
 * flag or field).
 */
import { parseArgs } from 'node:util';

import { PipelineError } from '../shared/errors.js';
import { UsageError, type Command, type CommandIo } from './command.js';
import { crawlCommand } from './commands/crawl.js';
import { demoCommand } from './commands/demo.js';
import { doctorCommand } from './commands/doctor.js';
import { exportCommand } from './commands/export.js';
import { importCommand } from './commands/import.js';
import { parseCommand } from './commands/parse.js';
import { configCheckCommand, sourcesCommand } from './commands/info.js';
import { normalizeCommand } from './commands/normalize.js';
import { scheduleCommand } from './commands/schedule.js';
import { eventsCommand, initCommand, serverCommand } from './commands/store.js';

export const COMMANDS: readonly Command[] = [
  crawlCommand,
  scheduleCommand,
  doctorCommand,
  demoCommand,
  configCheckCommand,
  sourcesCommand,
  normalizeCommand,
  parseCommand,
  importCommand,
  exportCommand,
  initCommand,
  eventsCommand,
  serverCommand,
];

function usage(): string {
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(14)}${c.summary}`);
  return `Usage: npm run cli -- <command> [flags]\n\nCommands:\n${lines.join('\n')}\n\nRun with <command> --help for its flags.\n`;
}

/** Runs one command line; returns the exit code (never calls process.exit). */
export async function runCli(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`error: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...command.flags, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
    if (values.help) {
      io.stdout.write(`Usage: npm run cli -- ${command.usage}\n\n${command.summary}\n`);
      return 0;
    }
    return await command.run(values, positionals, io);
  } catch (err) {
    return reportError(err, command, io);
  }
}

function reportError(err: unknown, command: Command, io: CommandIo): number {
  const code = (err as { code?: string }).code;
  if (err instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
    io.stderr.write(`error: ${(err as Error).message}\nusage: npm run cli -- ${command.usage}\n`);
    return 2;
  }
  if (err instanceof PipelineError) {
    io.stderr.write(`error [${err.code}]: ${err.message}\n`);
    return err.name === 'ConfigError' ? 2 : 1;
  }
  io.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 1;
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) {
  const io: CommandIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
  runCli(process.argv.slice(2), io).then(
    (exitCode) => {
      process.exitCode = exitCode;
    },
    (err: unknown) => {
      process.stderr.write(`fatal: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
