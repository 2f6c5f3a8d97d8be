/**
 * The store the benchmarks write to: MONGODB_URI when set, else the embedded FerretDB in a
 * temporary directory (removed afterwards). When embedded, its pid is known so its CPU time
 * can be charged to our pipeline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { resolveServer } from '../src/store/local-server.js';
import { childPids, procCpuSeconds, procRssMb } from './machine.js';

export interface BenchServer {
  uri: string;
  embedded: boolean;
  /** The embedded server's process id; undefined for an external server. */
  pid: number | undefined;
  /** CPU seconds the embedded server has used so far; null for an external server. */
  cpuSeconds(): number | null;
  /** Its resident memory in MB; null for an external server. */
  rssMb(): number | null;
  stop(): Promise<void>;
}

/**
 * `env` decides as MONGODB_URI does (pass `{}` for the embedded server whatever is set);
 * `sqlitePragmas` go to an embedded server.
 */
export async function startBenchServer(opts: { env?: { MONGODB_URI?: string | undefined }; sqlitePragmas?: string[] } = {}): Promise<BenchServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wz-bench-db-'));
  const server = await resolveServer(opts.env ?? process.env, { dataDir, ...(opts.sqlitePragmas ? { sqlitePragmas: opts.sqlitePragmas } : {}) });
  const pid = server.embedded ? childPids('ferretdb')[0] : undefined;
  return {
    uri: server.uri,
    embedded: server.embedded,
    pid,
    cpuSeconds: () => (pid === undefined ? null : procCpuSeconds(pid)),
    rssMb: () => (pid === undefined ? null : procRssMb(pid)),
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
