/**
 * Records scraper fixtures from the board simulator (sim/): runs each source's real seeds and
 * list parser against it, saves raw response bytes plus `.meta.json`, and picks detail pages
 * that cover the interesting states (replied with evaluation, pending, not found).
 *
 *   npx tsx tools/record-fixtures.ts            # rewrites test/fixtures/<source-id>/
 *
 * The recorded URL's origin is replaced by the source's production baseUrl so that fixtures do
 * not depend on the simulator's random port. "Layout changed" fixtures are derived from a
 * recorded page by renaming one required node; their meta says which edit was made.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import iconv from 'iconv-lite';

import { sources } from '../scrapers/index.js';
import { listTask } from '../scrapers/portal/paging.js';
import { signedEnvelope } from '../scrapers/renmin/sign.js';
import { startSimulator, type RunningSimulator } from '../sim/index.js';
import { decodeBody } from '../src/fetch/decode.js';
import { TaskSchema, type AnySourceDefinition, type Task } from '../src/sources/define-source.js';
import type { FetchedPage } from '../src/shared/types.js';

const ROOT = join(import.meta.dirname, '..', 'test', 'fixtures');
const DROP_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

interface Recorded {
  bytes: Uint8Array<ArrayBuffer>;
  status: number;
  headers: Record<string, string>;
  url: string;
  task: Task;
}

class Recorder {
  readonly #cookies = new Map<string, string>();
  constructor(
    readonly source: AnySourceDefinition,
    readonly simBase: string,
    readonly sim: RunningSimulator,
    readonly options: Record<string, unknown> = {},
  ) {}

  async fetch(task: Task): Promise<Recorded> {
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
    const cookie = [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (cookie) headers.cookie = cookie;
    const res = await fetch(this.simBase + t.path, { method: t.method, headers, body });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = (pair ?? '').split('=');
      if (k && v !== undefined) this.#cookies.set(k.trim(), v.trim());
    }
    const kept: Record<string, string> = {};
    res.headers.forEach((value, key) => {
      if (!DROP_HEADERS.has(key) && key !== 'set-cookie') kept[key] = value;
    });
    return { bytes: new Uint8Array(await res.arrayBuffer()), status: res.status, headers: kept, url: this.source.baseUrl + t.path, task };
  }

  page(r: Recorded): FetchedPage {
    const declared = this.source.fetch.encoding === 'auto' ? undefined : this.source.fetch.encoding;
    const decoded = decodeBody(r.bytes, { contentType: r.headers['content-type'], declared });
    const fetchedAt = new Date(this.sim.clock.nowMs());
    return { url: r.url, finalUrl: r.url, status: r.status, headers: r.headers, bytes: r.bytes, text: decoded.text, charset: decoded.charset, fetchedAt };
  }

  parse(r: Recorded) {
    const t = TaskSchema.parse(r.task);
    const parse = this.source.parse[t.kind];
    if (!parse) throw new Error(`no parser ${t.kind}`);
    return parse(this.page(r), { task: t, options: this.source.options.parse(this.options), fetchedAt: new Date(this.sim.clock.nowMs()) });
  }

  async save(name: string, r: Recorded, extra: Record<string, unknown> = {}): Promise<void> {
    const dir = join(ROOT, this.source.id);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, name), r.bytes);
    const meta = { url: r.url, status: r.status, headers: r.headers, fetchedAt: new Date(this.sim.clock.nowMs()).toISOString(), task: r.task, options: this.options, ...extra };
    await writeFile(join(dir, `${name.replace(/\.(html|json)$/, '')}.meta.json`), `${JSON.stringify(meta, null, 2)}\n`);
  }

  /** Saves a copy of `r` with one edit applied to its text (in the page's own charset). */
  async saveEdited(name: string, r: Recorded, from: string, to: string, expectError: string): Promise<void> {
    const page = this.page(r);
    if (!page.text.includes(from)) throw new Error(`${name}: "${from}" not in page`);
    const text = page.text.split(from).join(to);
    const bytes = page.charset === 'utf-8' ? new TextEncoder().encode(text) : new Uint8Array(iconv.encode(text, page.charset));
    await this.save(name, { ...r, bytes }, { expectError, derivedFrom: 'recorded page', edit: `replaced "${from}" with "${to}"` });
  }
}

const byId = (id: string): AnySourceDefinition => {
  const s = sources.find((x) => x.id === id);
  if (!s) throw new Error(`no source ${id}`);
  return s;
};

/** Fetches the detail follows of a list and returns them with their text, for picking. */
async function details(rec: Recorder, list: Recorded, limit = 15): Promise<{ r: Recorded; text: string }[]> {
  const follows = rec.parse(list).follow.filter((t) => t.kind.toLowerCase().includes('detail')).slice(0, limit);
  const out: { r: Recorded; text: string }[] = [];
  for (const task of follows) {
    const r = await rec.fetch(task);
    out.push({ r, text: rec.page(r).text });
  }
  return out;
}

function pick<T extends { text: string }>(items: T[], test: (text: string) => boolean, what: string): T {
  const found = items.find((i) => test(i.text));
  if (!found) throw new Error(`no page with ${what}`);
  return found;
}

async function recordRenmin(sim: RunningSimulator): Promise<void> {
  const src = byId('renmin');
  const base = sim.boards.liuyan?.baseUrl ?? '';
  const form = new Recorder(src, base, sim, { fids: ['14'] });
  const [seed] = src.seeds({ options: src.options.parse({ fids: ['14'] }), since: null, until: null });
  if (!seed) throw new Error('renmin: no seed');
  const list = await form.fetch(seed);
  await form.save('list-form-fid14.json', list);
  const pages = await details(form, list, 20);
  const replied = pick(pages, (t) => t.includes('li class="comments"'), 'an evaluation');
  await form.save('detail-replied-evaluated.html', replied.r);
  await form.save('detail-pending.html', pick(pages, (t) => t.includes('<em class="red">'), 'a pending thread').r);
  await form.saveEdited('detail-layout-changed.html', replied.r, 'context-title-text', 'context-title', 'ERR_PARSE_MISSING');
  await form.save('detail-not-found.html', await form.fetch({ kind: 'detail', path: '/threads/content?tid=1', meta: { tid: '1', fid: '14' } }), { expectError: 'ERR_HTTP_404' });

  const pro = new Recorder(src, base, sim, { fids: ['146'], formVariant: 'pro', pageSize: 20 });
  const [proSeed] = src.seeds({ options: src.options.parse(pro.options), since: null, until: null });
  if (proSeed) await pro.save('list-pro-fid146.json', await pro.fetch(proSeed));

  const signedOpts = { fids: ['1008', '5055'], transport: 'signed', typeIds: [2] };
  const signed = new Recorder(src, base, sim, signedOpts);
  const [df, bw] = src.seeds({ options: src.options.parse(signedOpts), since: null, until: null });
  if (!df || !bw) throw new Error('renmin: no signed seeds');
  const dfList = await signed.fetch(df);
  await signed.save('list-signed-df-fid1008.json', dfList);
  await signed.save('list-signed-bw-fid5055.json', await signed.fetch(bw));
  const contents = await details(signed, dfList, 10);
  const withReply = pick(contents, (t) => t.includes('"dataType":4'), 'a reply');
  await signed.save('detail-signed-replied.json', withReply.r);
  await signed.saveEdited('detail-signed-layout-changed.json', withReply.r, '"dataType":1', '"dataType":9', 'ERR_PARSE_MISSING');
  const bad = { ...signedEnvelope('/v1/threads/content', { tid: '1', fromTrash: 0 }), signature: '0'.repeat(32) };
  await signed.save('detail-signed-sn0006.json', await signed.fetch({ kind: 'signedDetail', method: 'POST', path: '/v1/threads/content', json: bad, meta: { tid: '1' } }), { expectError: 'ERR_SIGNATURE' });
}

async function recordRednet(sim: RunningSimulator, id: 'rednet' | 'rednet-wz', key: string): Promise<void> {
  const src = byId(id);
  const rec = new Recorder(src, sim.boards[key]?.baseUrl ?? '', sim);
  const [seed] = src.seeds({ options: src.options.parse({}), since: null, until: null });
  if (!seed) throw new Error(`${id}: no seed`);
  const list = await rec.fetch(seed);
  await rec.save('list-page1.json', list);
  // The newest rows are mostly pending; the is_reply=1 list supplies a handled one.
  const repliedRec = new Recorder(src, rec.simBase, sim, { isReply: 1 });
  const [repliedSeed] = src.seeds({ options: src.options.parse({ isReply: 1 }), since: null, until: null });
  if (!repliedSeed) throw new Error(`${id}: no seed`);
  const repliedList = await repliedRec.fetch(repliedSeed);
  await repliedRec.save('list-is-reply-1.json', repliedList);
  const pages = [...(await details(rec, list, 5)), ...(await details(repliedRec, repliedList, 5))];
  const replied = pick(pages, (t) => /"reply":\[\{/.test(t), 'a reply');
  await rec.save('detail-replied.json', replied.r);
  await rec.save('detail-pending.json', pick(pages, (t) => t.includes('"is_reply":0'), 'a pending message').r);
  await rec.saveEdited('detail-layout-changed.json', replied.r, '"content":"<div>', '"body":"<div>', 'ERR_PARSE_MISSING');
  await rec.save('detail-not-found.json', await rec.fetch({ kind: 'detail', path: '/front/msg/detail?id=1', meta: { id: '1' } }), { expectError: 'ERR_HTTP_404' });
}

interface PortalPlan {
  id: string;
  key: string;
  replied: (t: string) => boolean;
  pending: (t: string) => boolean;
  edit: [string, string];
  /** Where the walk for older letters starts (busy boards answer only weeks later). */
  walkFrom?: number;
}

async function recordPortal(sim: RunningSimulator, plan: PortalPlan): Promise<void> {
  const src = byId(plan.id);
  const rec = new Recorder(src, sim.boards[plan.key]?.baseUrl ?? '', sim);
  if (src.fetch.warmupPath) await rec.fetch({ kind: 'warmup', path: src.fetch.warmupPath });
  const [seed] = src.seeds({ options: src.options.parse({}), since: null, until: null });
  if (!seed) throw new Error(`${plan.id}: no seed`);
  const list = await rec.fetch(seed);
  await rec.save('list-page1.' + (list.headers['content-type']?.includes('json') ? 'json' : 'html'), list);
  const next = rec.parse(list).follow.find((t) => t.kind === 'list');
  if (next && plan.id === 'portal-xuzhou') await rec.save('list-postback-page2.html', await rec.fetch(next));
  // Fresh letters are mostly unanswered: walk older pages until both states are covered.
  const pages = await details(rec, list, 15);
  let cursor = plan.walkFrom ? listTask(src.options.parse({}), plan.walkFrom) : next;
  for (let n = 0; n < 8 && cursor && !(pages.some((p) => plan.replied(p.text)) && pages.some((p) => plan.pending(p.text))); n++) {
    const older = await rec.fetch(cursor);
    pages.push(...(await details(rec, older, 15)));
    cursor = rec.parse(older).follow.find((t) => t.kind === 'list');
  }
  const replied = pick(pages, plan.replied, 'a reply');
  await rec.save('detail-replied.html', replied.r);
  await rec.save('detail-pending.html', pick(pages, plan.pending, 'a pending letter').r);
  await rec.saveEdited('detail-layout-changed.html', replied.r, plan.edit[0], plan.edit[1], 'ERR_PARSE_MISSING');
}

const portalPlans: PortalPlan[] = [
  { id: 'portal-dalian', key: 'dalian', replied: (t) => t.includes('已办结'), pending: (t) => t.includes('待受理'), edit: ['<th>反映内容</th>', '<th>问题描述</th>'] },
  { id: 'portal-jiamusi', key: 'jiamusi', replied: (t) => /id="myd">(?!用户暂无评价)/.test(t) && t.includes('已办结'), pending: (t) => t.includes('待受理'), edit: ['id="content"', 'id="content2"'] },
  { id: 'portal-xuzhou', key: 'xuzhou', replied: (t) => /lbl_AnswerContent">[^<]/.test(t), pending: (t) => /lbl_AnswerContent"><\/span>/.test(t), edit: ['CaseDetail_lbl_content', 'CaseDetail_lbl_body'] },
  { id: 'portal-beijing', key: 'beijing', replied: (t) => t.includes('答复时间'), pending: (t) => !t.includes('答复时间'), walkFrom: 21, edit: ['column p-2 text-muted mx-2', 'column p-2 text-muted'] },
];

async function main(): Promise<void> {
  const sim = await startSimulator({ seed: 20260615, messagesPerBoard: 2000 });
  try {
    for (const id of ['renmin', 'rednet', 'rednet-wz', ...portalPlans.map((p) => p.id)]) await rm(join(ROOT, id), { recursive: true, force: true });
    await recordRenmin(sim);
    await recordRednet(sim, 'rednet', 'rednet-people');
    await recordRednet(sim, 'rednet-wz', 'rednet-wz');
    for (const plan of portalPlans) await recordPortal(sim, plan);
  } finally {
    await sim.close();
  }
}

await main();
