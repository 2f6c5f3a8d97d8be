/**
 * Ingest cost per message with near-duplicate detection on, at several store sizes.
 * For each size N: a fresh database is bulk-loaded with N messages exactly as the write
 * path would leave them (messages, signatures, band keys, one-message cases), then
 * `window` more messages go through the real path (MessageRepository.upsert +
 * CaseAssigner.assign) one by one; the cost is wall time per message of that window.
 * Run: npx tsx bench/dedup.ts [--sizes 10000,100000] [--window 1000]
 * Uses MONGODB_URI when set, else starts the embedded FerretDB in a temp dir.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import type { Db } from 'mongodb';

import { CaseAssigner } from '../src/dedup/case-assigner.js';
import { BAND_LIST_CAP } from '../src/dedup/dedup-index.js';
import { fingerprint } from '../src/dedup/fingerprint.js';
import { systemClock } from '../src/shared/clock.js';
import { contentHash } from '../src/store/content-hash.js';
import { CaseCollections, ensureCaseSchema } from '../src/store/case-schemas.js';
import { formatCaseNumber } from '../src/store/case-numbers.js';
import { resolveServer } from '../src/store/local-server.js';
import { MessageRepository, messageId } from '../src/store/message-repository.js';
import { connectStore, ensureSchema } from '../src/store/mongo.js';
import { Collections, SCHEMA_VERSION } from '../src/store/schemas.js';
import { benchMessage } from './dedup-data.js';

export interface BenchDedupOptions {
  sizes: number[];
  /** Messages measured through the real path after preloading. @default 1000 */
  window?: number;
  /** Called about once a minute during the preload. */
  progress?: (line: string) => void;
}

export interface BenchDedupResult {
  size: number;
  /** Whole write path (upsert + assign) per message. */
  msPerMessage: number;
  /** CaseAssigner.assign alone (dedup index, cases, roll-up, case events) per message. */
  assignMsPerMessage: number;
  preloadMs: number;
}

const BATCH = 2000;
/** A JS Map holds at most 2^24 entries; 1,000,000 messages have 43,000,000 band keys. */
const SLOT_SHARDS = 64;

/** Next free list slot per band key, sharded so a million-message preload fits. */
class SlotCounter {
  readonly #shards = Array.from({ length: SLOT_SHARDS }, () => new Map<string, number>());
  next(key: string): number {
    let h = 0;
    for (let i = key.length - 4; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
    const shard = this.#shards[(h >>> 0) % SLOT_SHARDS] as Map<string, number>;
    const k = shard.get(key) ?? 0;
    shard.set(key, k + 1);
    return k;
  }
}

type Batch = Array<[collection: string, docs: unknown[]]>;

function preloadBatch(from: number, to: number, slots: SlotCounter): Batch {
  const at = new Date('2026-06-01T00:00:00Z');
  const msgs: unknown[] = [], sigs: unknown[] = [], bands: unknown[] = [], members: unknown[] = [], index: unknown[] = [], cases: unknown[] = [];
  for (let i = from; i < to; i++) {
    const m = benchMessage(i);
    const id = messageId(m.source, m.externalId);
    const fp = fingerprint(m);
    const caseId = formatCaseNumber(2000, i + 1);
    msgs.push({ ...m, _id: id, schemaVersion: SCHEMA_VERSION, contentHash: contentHash(m), version: 1, firstSeenAt: at, lastSeenAt: at, lastChangedAt: at });
    sigs.push({ _id: id, textHash: fp.textHash, text: fp.text, version: 1 });
    for (const key of [`x:${fp.textHash}`, ...fp.bands]) {
      const k = slots.next(key);
      if (k < BAND_LIST_CAP) bands.push({ _id: `${key}#${k}`, key, value: id });
    }
    members.push({ _id: id, caseId, joinedAt: at });
    index.push({ _id: `m:${caseId}#0`, key: `m:${caseId}`, value: id });
    cases.push({ _id: caseId, caseNumber: caseId, year: 2000, seq: i + 1, state: 'open', messageIds: [id], messageCount: 1, rollupHash: '' });
  }
  return [
    [Collections.messages, msgs], [CaseCollections.dedupSignatures, sigs], [CaseCollections.dedupBands, bands],
    [CaseCollections.caseMembers, members], [CaseCollections.caseIndex, index], [CaseCollections.cases, cases],
  ];
}

async function insertBatch(db: Db, batch: Batch): Promise<void> {
  // One connection: splitting a batch over two measured no faster (89 s against 93 s per
  // 20,000 messages); the server's single SQLite writer is the limit.
  for (const [collection, docs] of batch) await db.collection(collection).insertMany(docs as never[], { ordered: false });
}

/**
 * Bulk-loads n messages. Building batch k+1 (MinHash, in this process) overlaps the
 * server's writing of batch k, so the server, the bottleneck, never waits for this process.
 */
async function preload(db: Db, n: number, progress?: (done: number) => void): Promise<void> {
  const slots = new SlotCounter();
  let writing: Promise<void> = Promise.resolve();
  for (let from = 0; from < n; from += BATCH) {
    const batch = preloadBatch(from, Math.min(n, from + BATCH), slots);
    await writing;
    progress?.(from);
    writing = insertBatch(db, batch);
  }
  await writing;
}

async function measure(db: Db, size: number, window: number): Promise<{ total: number; assign: number }> {
  const repo = new MessageRepository(db, systemClock);
  const assigner = new CaseAssigner(db, systemClock);
  let assignMs = 0;
  const start = performance.now();
  for (let i = size; i < size + window; i++) {
    const m = benchMessage(i);
    const stored = await repo.upsert(m);
    const t = performance.now();
    await assigner.assign(m, stored);
    assignMs += performance.now() - t;
  }
  return { total: (performance.now() - start) / window, assign: assignMs / window };
}

/**
 * Preload pragmas: with FerretDB's default (synchronous=FULL in WAL mode) every 100-document
 * batch waits for an fsync, and a million-message preload (48M documents) would take
 * hours. SQLite's default page cache (2 MB per connection) makes every B-tree page of a
 * 40M-row index a read() once the store outgrows it: a 1 GB cache and memory-mapped reads
 * keep the preload from slowing as the store grows. The measured window runs after a
 * restart on the defaults, as the pipeline does.
 */
const PRELOAD_PRAGMAS = ['synchronous(off)', 'cache_size(-1000000)', 'mmap_size(17179869184)'];

/** Runs the benchmark for each size (see the file comment). */
export async function benchDedup(opts: BenchDedupOptions): Promise<BenchDedupResult[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wz-bench-dedup-'));
  const results: BenchDedupResult[] = [];
  try {
    for (const size of opts.sizes) {
      const dbName = `bench_dedup_${size}_${Date.now()}`;
      const t0 = performance.now();
      await withStore(dataDir, dbName, PRELOAD_PRAGMAS, async (db) => {
        await ensureSchema(db);
        await ensureCaseSchema(db);
        let lastReport = t0;
        await preload(db, size, (done) => {
          // Progress on stderr: a million-message preload runs for hours.
          if (opts.progress && performance.now() - lastReport > 60_000) {
            lastReport = performance.now();
            opts.progress(`size ${size}: preloaded ${done} messages in ${((lastReport - t0) / 1000).toFixed(0)} s`);
          }
        });
      });
      const preloadMs = performance.now() - t0;
      await withStore(dataDir, dbName, [], async (db) => {
        const m = await measure(db, size, opts.window ?? 1000);
        results.push({ size, msPerMessage: m.total, assignMsPerMessage: m.assign, preloadMs });
        await db.dropDatabase();
      });
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}

/** Opens the store (MONGODB_URI, or the embedded server with these pragmas) for one phase. */
async function withStore(dataDir: string, dbName: string, pragmas: string[], fn: (db: Db) => Promise<void>): Promise<void> {
  const server = await resolveServer(process.env, { dataDir, sqlitePragmas: pragmas });
  try {
    const conn = await connectStore(server.uri, dbName);
    try {
      await fn(conn.db);
    } finally {
      await conn.close();
    }
  } finally {
    await server.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { sizes: { type: 'string' }, window: { type: 'string' } } });
  const sizes = (values.sizes ?? '10000,100000').split(',').map(Number);
  const results = await benchDedup({ sizes, window: Number(values.window ?? 1000), progress: (line) => console.error(line) });
  const base = results[0];
  for (const r of results) {
    const ratio = (x: number, b: number | undefined) => (b ? (x / b).toFixed(2) : '-');
    console.log(
      `size ${r.size}: assign ${r.assignMsPerMessage.toFixed(2)} ms/message (${ratio(r.assignMsPerMessage, base?.assignMsPerMessage)}×), ` +
        `upsert+assign ${r.msPerMessage.toFixed(2)} ms/message (${ratio(r.msPerMessage, base?.msPerMessage)}×), preload ${(r.preloadMs / 1000).toFixed(0)} s`,
    );
  }
}
