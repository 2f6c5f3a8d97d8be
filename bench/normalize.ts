/**
 * Throughput of the normalize stage on synthetic messages (generated here, deterministic; no
 * data from ../shared/data). Mix: about half Simplified plain text, a quarter Traditional, a
 * quarter HTML bodies with highlights, pinyin notes and phone numbers.
 * Run: npx tsx bench/normalize.ts
 */
import { pathToFileURL } from 'node:url';
import { normalizeMessage } from '../src/normalize/message.js';
import type { ParsedMessage } from '../src/shared/types.js';

const SIMPLIFIED = [
  '您好', '我们小区', '物业管理', '停车难', '噪音扰民', '拖欠工资', '乾县', '道路破坏', '学校门口',
  '交通拥堵', '请求领导', '尽快解决', '谢谢', '反映问题', '医院挂号', '排水管道', '路灯不亮',
];
const TRADITIONAL = [
  '您好', '我們小區', '物業管理', '停車難', '噪音擾民', '拖欠工資', '陝西乾縣', '道路損壞', '學校門口',
  '交通擁堵', '請求領導', '盡快解決', '謝謝', '反映問題', '醫院掛號', '排水管道', '路燈不亮',
];
const PUNCT = ['，', '。', '！', '，，', '　', ' '];
const STATUSES = ['待回复', '办理中', '已办理', '已办结', null];
const BOARDS = ['杭州市委书记', '浙江省委书记', '长沙市', ' 广西壮族自治区 钦州市', '河南省林州市委书记'];

/** mulberry32: a tiny seeded PRNG so every run measures the same messages. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

function sentence(r: () => number, words: readonly string[], n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += pick(r, words) + pick(r, PUNCT);
  return s;
}

function body(r: () => number, kind: number): string {
  const words = kind === 1 ? TRADITIONAL : SIMPLIFIED;
  const paras = Array.from({ length: 2 + Math.floor(r() * 4) }, () => sentence(r, words, 8 + Math.floor(r() * 20)));
  if (kind !== 2) return paras.join('\n');
  const phone = `13${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
  return paras.map((p) => `<p>來(lái)${p}<label style='color:#D5313F'>關鍵</label></p>`).join('') + `<br/>电话${phone}`;
}

/** Synthetic parsed messages; `kind` 0 = Simplified, 1 = Traditional, 2 = HTML mixed. */
export function syntheticMessages(count: number, seed = 42): ParsedMessage[] {
  const r = rng(seed);
  return Array.from({ length: count }, (_, i) => {
    const kind = r() < 0.5 ? 0 : r() < 0.5 ? 1 : 2;
    return {
      externalId: String(i + 1),
      url: `https://board.example/threads/${i + 1}`,
      boardId: null,
      boardName: pick(r, BOARDS),
      title: sentence(r, kind === 1 ? TRADITIONAL : SIMPLIFIED, 3),
      body: body(r, kind),
      bodyFormat: kind === 2 ? 'html' : 'text',
      bodyTruncated: false,
      postedAt: r() < 0.5 ? 1_600_000_000 + i * 60 : '2021年9月3日 12:30',
      author: null,
      status: pick(r, STATUSES),
      type: '投诉/求助',
      domain: '城建',
      regionHint: null,
      replies: [],
      evaluation: null,
      views: null,
      likes: null,
      extra: {},
    };
  });
}

/** Normalizes synthetic messages and reports throughput (input UTF-8 bytes of title + body). */
export async function benchNormalize(
  messages = 20_000,
): Promise<{ messagesPerSec: number; mbPerSec: number; messages: number }> {
  const input = syntheticMessages(messages);
  const ctx = { source: 'bench', now: new Date('2024-03-05T04:00:00Z'), maskSensitive: true };
  // Warm-up builds the opencc converters and the character table, and lets the JIT settle.
  for (const m of input.slice(0, 500)) normalizeMessage(m, ctx);
  const bytes = input.reduce((n, m) => n + Buffer.byteLength(m.title) + Buffer.byteLength(m.body), 0);
  const start = process.hrtime.bigint();
  for (const m of input) normalizeMessage(m, ctx);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return {
    messagesPerSec: Math.round(messages / seconds),
    mbPerSec: Math.round((bytes / 1e6 / seconds) * 100) / 100,
    messages,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchNormalize();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
