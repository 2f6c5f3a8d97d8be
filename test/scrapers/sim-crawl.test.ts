/**
 * Smoke crawl of every registered source against the board simulator (loopback only): seeds →
 * fetch → parse → follow, bounded per source. Catches what single fixtures cannot: paging
 * state carried across pages (postback __VIEWSTATE, signed cursors), cookies, warm-ups.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { sources } from '../../scrapers/index.js';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { leafFidsUnder } from '../../sim/liuyan/forums.js';
import { decodeBody } from '../../src/fetch/decode.js';
import { TaskSchema, type AnySourceDefinition, type Task } from '../../src/sources/define-source.js';
import { ParsedMessageSchema } from '../../src/shared/types.js';

const SIM_KEYS: Readonly<Record<string, string>> = {
  renmin: 'liuyan', rednet: 'rednet-people', 'rednet-wz': 'rednet-wz',
  'portal-dalian': 'dalian', 'portal-jiamusi': 'jiamusi', 'portal-xuzhou': 'xuzhou', 'portal-beijing': 'beijing',
};

async function fetchTask(base: string, task: Task, cookies: Map<string, string>): Promise<{ status: number; bytes: Uint8Array<ArrayBuffer>; contentType: string }> {
  const t = TaskSchema.parse(task);
  const headers: Record<string, string> = { ...t.headers };
  let body: string | undefined;
  if (t.form) {
    body = new URLSearchParams(t.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded; charset=UTF-8';
  } else if (t.json !== undefined) {
    body = JSON.stringify(t.json);
    headers['content-type'] = 'application/json;charset=UTF-8';
  }
  if (cookies.size > 0) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(base + t.path, { method: t.method, headers, body });
  for (const c of res.headers.getSetCookie()) {
    const [k, v] = (c.split(';')[0] ?? '').split('=');
    if (k && v !== undefined) cookies.set(k.trim(), v.trim());
  }
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()), contentType: res.headers.get('content-type') ?? '' };
}

/** Breadth-first crawl of at most `limit` tasks; returns messages and pages fetched per kind. */
async function crawl(source: AnySourceDefinition, base: string, rawOptions: Record<string, unknown>, limit: number) {
  const options: unknown = source.options.parse(rawOptions);
  const cookies = new Map<string, string>();
  if (source.fetch.warmupPath) await fetchTask(base, { kind: 'warmup', path: source.fetch.warmupPath }, cookies);
  const queue: Task[] = source.seeds({ options, since: null, until: null });
  const kinds: Record<string, number> = {};
  const messages = [];
  for (let n = 0; n < limit && queue.length > 0; n++) {
    const task = TaskSchema.parse(queue.shift());
    const res = await fetchTask(base, task, cookies);
    expect(res.status, `${task.method} ${task.path}`).toBe(200);
    const declared = source.fetch.encoding === 'auto' ? undefined : source.fetch.encoding;
    const text = decodeBody(res.bytes, { contentType: res.contentType, declared }).text;
    const url = base + task.path;
    const parse = source.parse[task.kind];
    if (!parse) throw new Error(`no parser ${task.kind}`);
    const result = parse({ url, finalUrl: url, status: res.status, headers: {}, bytes: res.bytes, text, charset: 'utf-8', fetchedAt: new Date() }, { task, options, fetchedAt: new Date() });
    kinds[task.kind] = (kinds[task.kind] ?? 0) + 1;
    messages.push(...result.messages.map((m) => ParsedMessageSchema.parse(m)));
    // Lists first so that paging is exercised within the budget.
    const lists = result.follow.filter((t) => t.kind.toLowerCase().includes('list'));
    queue.unshift(...lists);
    queue.push(...result.follow.filter((t) => !lists.includes(t)).slice(0, 3));
  }
  return { messages, kinds };
}

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 7, messagesPerBoard: 500 });
});
afterAll(async () => {
  await sim.close();
});

const runs: [string, Record<string, unknown>][] = [
  ['renmin', { fids: ['14'], maxPages: 3 }],
  ['renmin', { fids: ['14'], formVariant: 'pro', pageSize: 20, maxPages: 2 }],
  ['renmin', { fids: ['14', '5055'], transport: 'signed', typeIds: [2], maxPages: 2 }],
  ['renmin', { transport: 'signed', feed: 'site', feedRows: 10, maxPages: 3 }],
  ['rednet', { maxPages: 3 }],
  ['rednet-wz', { maxPages: 3 }],
  ['portal-dalian', { maxPages: 3 }],
  ['portal-jiamusi', { maxPages: 2 }],
  ['portal-xuzhou', { maxPages: 3 }],
  ['portal-beijing', { maxPages: 3 }],
];

describe('sources against the simulator', () => {
  it.each(runs)('%s %j crawls lists and details', async (id, options) => {
    const source = sources.find((s) => s.id === id);
    const key = SIM_KEYS[id];
    const base = key === undefined ? undefined : sim.boards[key]?.baseUrl;
    if (!source || !base) throw new Error(`no source or board for ${id}`);
    const { messages, kinds } = await crawl(source, base, options, 20);
    const listPages = Object.entries(kinds).filter(([k]) => k.toLowerCase().includes('list')).reduce((a, [, v]) => a + v, 0);
    expect(listPages).toBeGreaterThanOrEqual(2);
    expect(messages.length).toBeGreaterThan(0);
    expect(new Set(messages.map((m) => m.externalId)).size).toBe(messages.length);
  });

  it('renmin search feed: the site feed covers many boards, a fid feed only the forums under it', async () => {
    const source = sources.find((s) => s.id === 'renmin')!;
    const base = sim.boards[SIM_KEYS.renmin!]!.baseUrl;
    /** Fids of the detail tasks one search page yields. */
    const fidsListed = async (raw: Record<string, unknown>): Promise<number[]> => {
      const options: unknown = source.options.parse(raw);
      const task = TaskSchema.parse(source.seeds({ options, since: null, until: null })[0]);
      const res = await fetchTask(base, task, new Map());
      const text = decodeBody(res.bytes, { contentType: res.contentType, declared: 'utf-8' }).text;
      const page = { url: base + task.path, finalUrl: base + task.path, status: res.status, headers: {}, bytes: res.bytes, text, charset: 'utf-8', fetchedAt: new Date() };
      const follow = source.parse.searchList!(page, { task, options, fetchedAt: new Date() }).follow;
      return follow.filter((t) => t.kind === 'signedDetail').map((t) => Number(t.meta?.fid));
    };
    const site = await fidsListed({ transport: 'signed', feed: 'site', feedRows: 50 });
    expect(site).toHaveLength(50);
    expect(new Set(site).size).toBeGreaterThan(3);
    const province = await fidsListed({ transport: 'signed', feed: 'fids', fids: ['14'], feedRows: 20 });
    expect(province).toHaveLength(20);
    const under = leafFidsUnder(14);
    for (const fid of province) expect(under.has(fid)).toBe(true);
  });
});
