/**
 * How often a message's band batch would meet a list the hint table has forgotten
 * (src/store/slot-hints.ts), for table layouts side by side. Offline and pure: the band keys
 * of the simulator's messages (one board, in order, as a backfill stores them) go through
 * the table as DedupIndex appends them, against the true count of every list. A message
 * whose keys include a list the table knows too few slots of would send FerretDB a batch
 * with a duplicate key, which it retries one document per transaction (docs/benchmarks.md);
 * a list it knows too many slots of (another key's entry) costs reads instead.
 *
 * Run: npx tsx bench/band-hints.ts --messages 10000 [--bits 22] [--ways 1,4] [--seed 1]
 */
import { parseArgs } from 'node:util';

import { startSimulator } from '../sim/index.js';
import { BAND_LIST_CAP } from '../src/dedup/dedup-index.js';
import { fingerprint, indexKeys } from '../src/dedup/fingerprint.js';
import { DEFAULT_HINT_BITS, SlotHints } from '../src/store/slot-hints.js';
import { simDedupInput } from '../tools/eval-dedup-sim.js';

const { values } = parseArgs({ options: { messages: { type: 'string' }, bits: { type: 'string' }, ways: { type: 'string' }, seed: { type: 'string' }, board: { type: 'string' } } });
const messages = Number(values.messages ?? 10_000);
const bits = Number(values.bits ?? DEFAULT_HINT_BITS);
const layouts = (values.ways ?? '1,4').split(',').map(Number);
const sim = await startSimulator({ seed: Number(values.seed ?? 1), messagesPerBoard: messages });
try {
  const board = values.board ?? [...sim.world.boards.keys()].find((b) => b.includes('jiamusi')) ?? '';
  const keysOf = Array.from({ length: messages }, (_, i) => [...new Set(indexKeys(fingerprint(simDedupInput(sim.world, board, i))))]);
  const windowSize = Math.max(1, Math.floor(messages / 5));
  for (const ways of layouts) {
    const hints = new SlotHints(bits, ways);
    const truth = new Map<string, number>();
    const hit: number[] = [];
    let tooHigh = 0;
    for (const keys of keysOf) {
      // A full list the table has forgotten is met too: the batch tries its slot 0.
      hit.push(keys.some((k) => (truth.get(k) ?? 0) > hints.get(k)) ? 1 : 0);
      // A hint above the truth (another key's entry) costs reads, not a failed batch.
      tooHigh += keys.filter((k) => hints.get(k) > (truth.get(k) ?? 0)).length;
      for (const k of keys) {
        const filled = Math.min(BAND_LIST_CAP, (truth.get(k) ?? 0) + 1);
        truth.set(k, filled);
        hints.raise(k, filled);
      }
    }
    const share = (from: number, to: number): string => (hit.slice(from, to).reduce((a, b) => a + b, 0) / Math.max(1, to - from)).toFixed(3);
    const windows = Array.from({ length: Math.ceil(messages / windowSize) }, (_, w) => `${w * windowSize + 1}-${Math.min(messages, (w + 1) * windowSize)}: ${share(w * windowSize, (w + 1) * windowSize)}`);
    console.log(JSON.stringify({ board, messages, entries: 2 ** bits, ways, lists: truth.size, metForgotten: Number(share(0, messages)), byWindow: windows, tooHighPerMessage: Number((tooHigh / messages).toFixed(4)) }));
  }
} finally {
  await sim.close();
}
