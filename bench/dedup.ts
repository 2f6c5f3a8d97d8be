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

async function preload(db: Db, n: number): Promise<void> {
  const at = new Date('2026-06-01T00:00:00Z');
  const slots = new Map<string, number>();
  const slot = (key: string): number => {
    const k = slots.get(key) ?? 0;
    slots.set(key, k + 1);
    return k;
  };
  for (let from = 0; from < n; from += BATCH) {
    const docs: Record<string, unknown[]> = { msgs: [], sigs: [], bands: [], members: [], index: [], cases: [] };
    for (let i = from; i < Math.min(n, from + BATCH); i++) {
      const m = benchMessage(i);
      const id = messageId(m.source, m.externalId);
      const fp = fingerprint(m);
      const caseId = formatCaseNumber(2000, i + 1);
      docs.msgs?.push({ ...m, _id: id, schemaVersion: SCHEMA_VERSION, contentHash: contentHash(m), version: 1, firstSeenAt: at, lastSeenAt: at, lastChangedAt: at });
      docs.sigs?.push({ _id: id, textHash: fp.textHash, text: fp.text, version: 1 });
      for (const key of [`x:${fp.textHash}`, ...fp.bands]) {
        const k = slot(key);
        if (k < BAND_LIST_CAP) docs.bands?.push({ _id: `${key}#${k}`, key, value: id });
      }
      docs.members?.push({ _id: id, caseId, joinedAt: at });
      docs.index?.push({ _id: `m:${caseId}#0`, key: `m:${caseId}`, value: id });
      docs.cases?.push({ _id: caseId, caseNumber: caseId, year: 2000, seq: i + 1, state: 'open', messageIds: [id], messageCount: 1, rollupHash: '' });
    }
    const targets: Array<[string, string]> = [
      ['msgs', Collections.messages], ['sigs', CaseCollections.dedupSignatures], ['bands', CaseCollections.dedupBands],
      ['members', CaseCollections.caseMembers], ['index', CaseCollections.caseIndex], ['cases', CaseCollections.cases],
    ];
    for (const [name, collection] of targets) await db.collection(collection).insertMany((docs[name] ?? []) as never[], { ordered: false });
  }
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

/** Runs the benchmark for each size (see the file comment). */
export async function benchDedup(opts: BenchDedupOptions): Promise<BenchDedupResult[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wz-bench-dedup-'));
  const server = await resolveServer(process.env, { dataDir });
  const results: BenchDedupResult[] = [];
  try {
    for (const size of opts.sizes) {
      const conn = await connectStore(server.uri, `bench_dedup_${size}_${Date.now()}`);
      try {
        await ensureSchema(conn.db);
        await ensureCaseSchema(conn.db);
        const t0 = performance.now();
        await preload(conn.db, size);
        const preloadMs = performance.now() - t0;
        const m = await measure(conn.db, size, opts.window ?? 1000);
        results.push({ size, msPerMessage: m.total, assignMsPerMessage: m.assign, preloadMs });
      } finally {
        await conn.db.dropDatabase();
        await conn.close();
      }
    }
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { sizes: { type: 'string' }, window: { type: 'string' } } });
  const sizes = (values.sizes ?? '10000,100000').split(',').map(Number);
  const results = await benchDedup({ sizes, window: Number(values.window ?? 1000) });
  const base = results[0];
  for (const r of results) {
    const ratio = (x: number, b: number | undefined) => (b ? (x / b).toFixed(2) : '-');
    console.log(
      `size ${r.size}: assign ${r.assignMsPerMessage.toFixed(2)} ms/message (${ratio(r.assignMsPerMessage, base?.assignMsPerMessage)}×), ` +
        `upsert+assign ${r.msPerMessage.toFixed(2)} ms/message (${ratio(r.msPerMessage, base?.msPerMessage)}×), preload ${(r.preloadMs / 1000).toFixed(0)} s`,
    );
  }
}
