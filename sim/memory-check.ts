import { startSimulator } from './index.js';

// `npx tsx --expose-gc sim/memory-check.ts [messages] [requests]`: starts every board with
// `messages` posts (default 1,000,000), requests deep pages and random details on each, and
// prints the heap before, after start and after each round, to show memory stays flat.

const messages = Number(process.argv[2] ?? 1_000_000);
const perRound = Number(process.argv[3] ?? 200);
const gc = (globalThis as { gc?: () => void }).gc;

function heapMb(): string {
  gc?.();
  return (process.memoryUsage().heapUsed / 2 ** 20).toFixed(1);
}

const pick = (n: number): number => Math.floor(Math.random() * n);
const post = (url: string, body: string, type: string): Promise<Response> =>
  fetch(url, { method: 'POST', headers: { 'content-type': type }, body });

async function main(): Promise<void> {
  if (!gc) console.warn('run with --expose-gc for stable readings');
  console.log(`heap before start: ${heapMb()} MB`);
  const sim = await startSimulator({ messagesPerBoard: messages });
  console.log(`heap after start (${messages} messages x ${Object.keys(sim.boards).length} boards): ${heapMb()} MB`);
  const b = (k: string): string => sim.boards[k]?.baseUrl ?? '';
  const pages = Math.floor(messages / 20);
  for (let round = 1; round <= 5; round++) {
    const started = Date.now();
    for (let k = 0; k < perRound; k++) {
      await (await post(`${b('liuyan')}/threads/queryThreadsList`, `fid=14&lastItem=${18_000_000 + pick(messages) * 7}`, 'application/x-www-form-urlencoded')).text();
      await (await post(`${b('rednet-people')}/front/msg/list`, JSON.stringify({ page: 1 + pick(pages), page_num: 10 }), 'application/json')).text();
      await (await fetch(`${b('dalian')}/fgw/gzjl/xjlb_${1 + pick(pages)}.jspx`)).arrayBuffer();
      await (await fetch(`${b('trad-board')}/forum/list.php?page=${1 + pick(pages)}`)).text();
    }
    console.log(`round ${round}: ${perRound * 4} requests in ${Date.now() - started} ms, heap ${heapMb()} MB, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
  }
  await sim.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
