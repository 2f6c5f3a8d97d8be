/**
 * CPU per round trip to the store, client and server apart: the floor under any pipeline that
 * settles each page with a few dozen commands (docs/benchmarks.md, "Crawl"). One connection,
 * one command at a time, as the pipeline issues them; and the same inserts 20 to a command.
 *
 * Run: npx tsx bench/command-cost.ts [--commands 5000]
 * Uses MONGODB_URI when set (then the server's CPU is not known), else the embedded FerretDB.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { MongoClient } from 'mongodb';

import { positiveIntFlag } from './args.js';
import { startBenchServer } from './store-server.js';

export interface CommandCost {
  kind: 'findOne by _id' | 'insertOne' | typeof BATCH_KIND;
  commands: number;
  wallUsPerCommand: number;
  /** This process (the driver): user and system CPU per command. */
  clientUserUs: number;
  clientSysUs: number;
  /** The embedded server's CPU per command; null for an external server. */
  serverUs: number | null;
}

const WARM_UP = 500;
const DOCS = 100;
/**
 * Documents per insertMany in the batched row: what writing many pages' documents of one
 * collection in one round trip would cost per document (the store writes one page's at a
 * time; docs/benchmarks.md, "Crawl").
 */
const BATCH = 20;
const BATCH_KIND = `insertMany of ${BATCH}, per document` as const;

/** `commands` operations (documents, for the batched row), `perCall` of them per call of `run`. */
async function measure(kind: CommandCost['kind'], commands: number, run: (i: number) => Promise<unknown>, serverCpu: () => number | null, perCall = 1): Promise<CommandCost> {
  for (let i = 0; i < WARM_UP / perCall; i++) await run(-i - 1);
  const cpu0 = process.cpuUsage();
  const server0 = serverCpu();
  const t0 = performance.now();
  for (let i = 0; i < commands / perCall; i++) await run(i);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const server1 = serverCpu();
  const us = (x: number) => Math.round(x / commands);
  return {
    kind,
    commands,
    wallUsPerCommand: us(wallMs * 1000),
    clientUserUs: us(cpu.user),
    clientSysUs: us(cpu.system),
    serverUs: server0 === null || server1 === null ? null : us((server1 - server0) * 1e6),
  };
}

export async function benchCommandCost(commands: number): Promise<CommandCost[]> {
  const server = await startBenchServer();
  const client = new MongoClient(server.uri);
  try {
    const col = client.db(`bench_commands_${process.pid}`).collection<{ _id: string; text: string }>('c');
    // Documents about the size of a message signature.
    await col.insertMany(Array.from({ length: DOCS }, (_, i) => ({ _id: `k${i}`, text: '留言'.repeat(300) })));
    const find = await measure('findOne by _id', commands, (i) => col.findOne({ _id: `k${Math.abs(i) % DOCS}` }), () => server.cpuSeconds());
    const insert = await measure('insertOne', commands, (i) => col.insertOne({ _id: `n${i}`, text: '留言'.repeat(300) }), () => server.cpuSeconds());
    const batch = (i: number) => Array.from({ length: BATCH }, (_, k) => ({ _id: `b${i}.${k}`, text: '留言'.repeat(300) }));
    const many = await measure(BATCH_KIND, commands, (i) => col.insertMany(batch(i), { ordered: true }), () => server.cpuSeconds(), BATCH);
    await client.db(`bench_commands_${process.pid}`).dropDatabase();
    return [find, insert, many];
  } finally {
    await client.close();
    await server.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { commands: { type: 'string' } } });
  process.stdout.write(`${JSON.stringify(await benchCommandCost(positiveIntFlag('commands', values.commands, 5000)), null, 2)}\n`);
}
