/** The shape of a CLI command: its flags (node:util parseArgs), help text and action. */
import type { ParseArgsConfig } from 'node:util';

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;
export type FlagValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

export interface CommandIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  flags: FlagSpec;
  /** Returns the process exit code. */
  run(values: FlagValues, positionals: string[], io: CommandIo): Promise<number>;
}

/** Thrown for a bad flag or argument: the CLI prints it with usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
