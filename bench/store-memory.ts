/**
 * The embedded FerretDB's own memory after a burst of concurrent readers, with its default
 * SQLite page cache and with the settings given, side by side in one run.
 *
 * Why a burst: FerretDB v1 keeps up to 100 SQLite connections per database open for ever,
 * each with its own page cache, so the server's resident memory is set by the most
 * concurrent commands it has ever served, not by the current load (docs/benchmarks.md,
 * "Embedded FerretDB memory"). Each variant gets a fresh server and database: 4 collections
 * of `docs` 1 KB documents, then `rounds` rounds of `readers` concurrent reads by `_id`.
 *
 * Run: npx tsx bench/store-memory.ts [--docs 40000] [--readers 1000] [--rounds 40]
 *   [--compare 'cache_size(-2000)'[;…]]   (variants separated by `;`, pragmas within one by `,`;
 *   SQLite's own default is -2000, i.e. 2 MB per connection)
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { MongoClient } from 'mongodb';

import { positiveIntFlag } from './args.js';
import { startBenchServer } from './store-server.js';

export interface StoreMemoryOptions {
  docs: number;
  readers: number;
  rounds: number;
  /** Pragma sets to compare with the server's defaults; each one is a variant. */
  compare: string[][];
}

export interface StoreMemoryVariant {
  pragmas: string[];
  startRssMb: number;
  afterFillRssMb: number;
  afterBurstRssMb: number;
  /** Server connections to its SQLite database file at the end (one per pooled connection). */
  sqliteFiles: number;
  readMs: number;
}

const COLLECTIONS = ['a', 'b', 'c', 'd'];
const BATCH = 1000;

/** Open descriptors of SQLite database files: one per connection FerretDB holds. */
function sqliteFiles(pid: number): number {
  let n = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).endsWith('.sqlite')) n++;
    } catch {
      // closed while we looked
    }
  }
  return n;
}

async function variant(pragmas: string[], opts: StoreMemoryOptions): Promise<StoreMemoryVariant> {
  // Always the embedded server: its memory is what is measured.
  const server = await startBenchServer({ env: {}, sqlitePragmas: pragmas });
  const pid = server.pid;
  const rss = () => Math.round(server.rssMb() ?? 0);
  const client = new MongoClient(server.uri, { maxPoolSize: opts.readers });
  try {
    const startRssMb = rss();
    const db = client.db('store_memory');
    const perCollection = Math.ceil(opts.docs / COLLECTIONS.length);
    const pad = 'x'.repeat(1000);
    for (const name of COLLECTIONS) {
      for (let from = 0; from < perCollection; from += BATCH) {
        const n = Math.min(BATCH, perCollection - from);
        await db.collection<{ _id: string; pad: string }>(name).insertMany(Array.from({ length: n }, (_, i) => ({ _id: `d${from + i}`, pad })));
      }
    }
    const afterFillRssMb = rss();
    // A fixed sequence, so every variant reads the same documents.
    let seed = 1;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % perCollection;
    const t0 = performance.now();
    for (let round = 0; round < opts.rounds; round++) {
      await Promise.all(Array.from({ length: opts.readers }, (_, i) => db.collection<{ _id: string }>(COLLECTIONS[i % COLLECTIONS.length] as string).findOne({ _id: `d${next()}` })));
    }
    const readMs = performance.now() - t0;
    return { pragmas, startRssMb, afterFillRssMb, afterBurstRssMb: rss(), sqliteFiles: pid === undefined ? 0 : sqliteFiles(pid), readMs: Math.round(readMs) };
  } finally {
    await client.close();
    await server.stop();
  }
}

/** The defaults first, then each `compare` set, one after another. */
export async function benchStoreMemory(opts: StoreMemoryOptions): Promise<StoreMemoryVariant[]> {
  const out: StoreMemoryVariant[] = [];
  for (const pragmas of [[], ...opts.compare]) out.push(await variant(pragmas, opts));
  return out;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { docs: { type: 'string' }, readers: { type: 'string' }, rounds: { type: 'string' }, compare: { type: 'string' } } });
  const int = (name: 'docs' | 'readers' | 'rounds', dflt: number): number => positiveIntFlag(name, values[name], dflt);
  const compare = (values.compare ?? 'cache_size(-2000)').split(';').map((set) => set.split(',').filter(Boolean));
  const result = await benchStoreMemory({ docs: int('docs', 40_000), readers: int('readers', 1000), rounds: int('rounds', 40), compare });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
