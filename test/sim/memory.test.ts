import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { LIUYAN_KEY, tidOf } from '../../sim/liuyan/board.js';
import { postForm, postJson } from './sim-client.js';

// Expose gc() in this worker so heap readings are not dominated by garbage.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

const MESSAGES = 1_000_000;
let sim: RunningSimulator;
let startHeap: number;

beforeAll(async () => {
  const before = heapMb();
  sim = await startSimulator({ seed: 31, messagesPerBoard: MESSAGES });
  startHeap = heapMb();
  // Starting a 1M-message world must not allocate per message.
  expect(startHeap - before).toBeLessThan(20);
});
afterAll(async () => sim.close());

describe('1,000,000 messages per board with flat memory', () => {
  it('serves deep cursors, random details and deep offset pages without heap growth', async () => {
    const base = sim.boards.liuyan!.baseUrl;
    const posted = sim.world.board(LIUYAN_KEY).timeline.countAt(sim.clock.nowMs());
    expect(posted).toBeGreaterThanOrEqual(MESSAGES);
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const readings: number[] = [];
    for (let round = 0; round < 4; round++) {
      for (let k = 0; k < 100; k++) {
        const cursor = tidOf(rand(posted));
        const rows = (await (await postForm(`${base}/threads/queryThreadsList`, { fid: 14, lastItem: cursor })).json()) as { responseData: Array<{ tid: number }> };
        expect(rows.responseData.every((r) => r.tid < cursor)).toBe(true);
        await (await fetch(`${base}/threads/content?tid=${tidOf(rand(posted))}`)).text();
        const page = 1 + rand(MESSAGES / 10);
        await (await postJson(`${sim.boards['rednet-people']!.baseUrl}/front/msg/list`, { page, page_num: 10 })).text();
      }
      readings.push(heapMb());
    }
    // The oldest page exists and the cursor below it ends the list.
    const oldest = (await (await postForm(`${base}/threads/queryThreadsList`, { fid: 14, lastItem: tidOf(50) })).json()) as { responseData: unknown[] };
    expect(oldest.responseData.length).toBeLessThan(10);
    const growth = Math.max(...readings) - startHeap;
    console.info(`heap after start ${startHeap.toFixed(1)} MB; per round ${readings.map((r) => r.toFixed(1)).join(', ')} MB`);
    expect(growth).toBeLessThan(15);
  }, 20_000);
});
