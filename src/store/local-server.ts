/**
 * The one launcher for the MongoDB-compatible store: `MONGODB_URI` set means use that
 * server; otherwise build (once, cached) and start the embedded FerretDB under tools/.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { CriticalError } from '../shared/errors.js';

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A running (or external) server the store can connect to. */
export interface ServerHandle {
  uri: string;
  /** True when the project started the embedded FerretDB itself. */
  embedded: boolean;
  /** Where the embedded server keeps its SQLite files; null for an external server. */
  dataDir: string | null;
  /** The SQLite pragmas the embedded server opened its databases with, its defaults included (absent for an external server). */
  sqlitePragmas?: string[];
  stop(): Promise<void>;
}

export interface LocalServerOptions {
  /** Directory for the SQLite databases. */
  dataDir: string;
  /** Where the server's own log lines go. @default `<dataDir>/ferretdb.log` */
  logFile?: string;
  /** @default 30000 */
  startTimeoutMs?: number;
  /** Address to listen on. @default '127.0.0.1:0' (a free port) */
  listen?: string;
  /**
   * Extra SQLite pragmas, e.g. `cache_size(-1048576)`; one named like a default of the server
   * (tools/ferretdb/main.go: `cache_size(-512)`, `synchronous(normal)`) replaces it. Only
   * benchmarks set any (to bulk-load fast); the pipeline runs on the server's defaults.
   */
  sqlitePragmas?: string[];
}

/** Builds the embedded server binary if needed and returns its path. */
export async function buildLocalServer(): Promise<string> {
  const script = path.join(repoRoot, 'tools', 'ferretdb', 'build.sh');
  try {
    const { stdout } = await execFileAsync('bash', [script], { maxBuffer: 16 << 20 });
    const bin = stdout.trim().split('\n').pop();
    if (!bin) throw new Error('build script printed no binary path');
    return bin;
  } catch (err) {
    throw new CriticalError('Could not build the local MongoDB-compatible server (FerretDB)', {
      cause: err,
      code: 'ERR_LOCAL_SERVER_BUILD',
    });
  }
}

/** Starts the embedded FerretDB on 127.0.0.1 on a free port. */
export async function startLocalServer(options: LocalServerOptions): Promise<ServerHandle> {
  const bin = await buildLocalServer();
  mkdirSync(options.dataDir, { recursive: true });
  const log = createWriteStream(options.logFile ?? path.join(options.dataDir, 'ferretdb.log'), {
    flags: 'a',
  });
  // stdin is a pipe the server watches: if this process dies, the server exits too.
  const pragmas = (options.sqlitePragmas ?? []).flatMap((p) => ['--sqlite-pragma', p]);
  const args = ['--data', options.dataDir, '--watch-stdin', '--listen', options.listen ?? '127.0.0.1:0', ...pragmas];
  const child = spawn(bin, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stderr.pipe(log);
  const start = await readStartLine(child, options.startTimeoutMs ?? 30_000);
  return {
    uri: withDirectConnection(start.uri),
    embedded: true,
    dataDir: options.dataDir,
    sqlitePragmas: start.pragmas,
    stop: () => stopChild(child, log),
  };
}

/** Uses `MONGODB_URI` when given, else starts the embedded server. */
export async function resolveServer(
  env: { MONGODB_URI?: string | undefined },
  local: LocalServerOptions,
): Promise<ServerHandle> {
  if (env.MONGODB_URI) {
    return { uri: env.MONGODB_URI, embedded: false, dataDir: null, stop: async () => {} };
  }
  return startLocalServer(local);
}

/** FerretDB is a single node; the driver must not try replica-set discovery. */
export function withDirectConnection(uri: string): string {
  if (/[?&]directConnection=/.test(uri)) return uri;
  return `${uri}${uri.includes('?') ? '&' : '?'}directConnection=true`;
}

/** The server's one start line: its URI and the pragmas it opened SQLite with. */
function readStartLine(child: ChildProcess, timeoutMs: number): Promise<{ uri: string; pragmas: string[] }> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new CriticalError('Local server did not start in time', { code: 'ERR_LOCAL_SERVER' }));
    }, timeoutMs);
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        const start = JSON.parse(line) as { uri: string; pragmas?: string[] };
        resolve({ uri: start.uri, pragmas: start.pragmas ?? [] });
      } catch (err) {
        reject(new CriticalError('Local server printed no URI', { cause: err }));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new CriticalError(`Local server exited early with code ${code}`));
    });
  });
}

async function stopChild(child: ChildProcess, log: NodeJS.WritableStream): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  child.stdin?.destroy();
  await new Promise<void>((resolve) => log.end(resolve));
}
