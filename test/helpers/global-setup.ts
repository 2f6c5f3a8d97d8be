/**
 * Integration tests run against a real MongoDB-compatible server: the one at MONGODB_URI
 * when set, otherwise the embedded FerretDB started here once for the whole run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { TestProject } from 'vitest/node';

import { resolveServer, type ServerHandle } from '../../src/store/local-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    mongoEmbedded: boolean;
  }
}

let server: ServerHandle | undefined;
let dataDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'wz-ferretdb-'));
  server = await resolveServer(process.env, { dataDir });
  project.provide('mongoUri', server.uri);
  project.provide('mongoEmbedded', server.embedded);
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
