/**
 * How large cases grow on one simulated board, under the pipeline's linkage rule or single
 * linkage: the figures of docs/dedup.md, "Linkage". In-process (MemoryDedupIndex), no store.
 *
 *   npx tsx tools/case-sizes.ts [--messages 12000] [--linkage representative|single]
 */
import { parseArgs } from 'node:util';

import { startSimulator } from '../sim/index.js';
import { MemoryDedupIndex } from '../src/dedup/memory-index.js';
import { simDedupInput } from './eval-dedup-sim.js';

const { values } = parseArgs({ options: { messages: { type: 'string' }, linkage: { type: 'string' } } });
const n = Number(values.messages ?? 12_000);
const linkage = values.linkage ?? 'representative';
if (!Number.isInteger(n) || n <= 0) throw new Error(`--messages must be a positive integer, got ${values.messages}`);
if (linkage !== 'representative' && linkage !== 'single') throw new Error(`--linkage must be representative or single, got ${linkage}`);

// The memory benchmark's board (bench/memory.ts): seed 9, the 佳木斯 replica.
const sim = await startSimulator({ seed: 9, messagesPerBoard: 100, boards: { jiamusi: { messages: n } } });
try {
  const index = new MemoryDedupIndex({ linkage });
  const step = Math.max(1, Math.floor(n / 4));
  for (let i = 0; i < n; i++) {
    index.add(String(i), simDedupInput(sim.world, 'jiamusi', i));
    if ((i + 1) % step === 0 || i + 1 === n) {
      const sizes = new Map<string, number>();
      for (let j = 0; j <= i; j++) {
        const root = index.find(String(j));
        sizes.set(root, (sizes.get(root) ?? 0) + 1);
      }
      const largest = [...sizes.values()].sort((a, b) => b - a).slice(0, 5);
      process.stdout.write(`${JSON.stringify({ linkage, messages: i + 1, cases: sizes.size, largest })}\n`);
    }
  }
} finally {
  await sim.close();
}
