import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { postJson } from './sim-client.js';

const ROW_KEYS = ['id', 'title', 'created_at', 'type_name', 'nickname', 'city_id', 'area_id', 'is_reply', 'reply_name', 'reply_time', 'click_num'];
type Row = Record<string, unknown> & { id: number; city_id: number; is_reply: number; title: string };
interface ListBody { status: string; data: { rows: Row[]; total: number } }

let sim: RunningSimulator;
let people: string;
let wz: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 11, messagesPerBoard: 20_000 });
  people = sim.boards['rednet-people']!.baseUrl;
  wz = sim.boards['rednet-wz']!.baseUrl;
});
afterAll(async () => sim.close());

async function list(url: string, body: unknown): Promise<ListBody> {
  const res = await postJson(url, body, { Referer: 'https://people.rednet.cn/' });
  expect(res.status).toBe(200);
  return (await res.json()) as ListBody;
}

describe('红网 百姓呼声 (rapi)', () => {
  it('lists rows with the §2.1 keys, status "1", total and 6-digit city codes', async () => {
    const body = await list(`${people}/front/msg/list`, { is_list: 1, page: 1, page_num: 10 });
    expect(body.status).toBe('1');
    expect(body.data.total).toBeGreaterThanOrEqual(20_000);
    expect(body.data.rows).toHaveLength(10);
    for (const row of body.data.rows) {
      expect(Object.keys(row)).toEqual(expect.arrayContaining(ROW_KEYS));
      expect(String(row.city_id)).toMatch(/^43\d{4}$/);
      expect([0, 1, 2]).toContain(row.is_reply);
      expect(String(row.created_at)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    }
  });

  it('pages by page/page_num without overlap and filters by city and is_reply', async () => {
    const p1 = await list(`${people}/front/msg/list`, { is_list: 1, page: 1, page_num: 10, city_id: 430200 });
    const p2 = await list(`${people}/front/msg/list`, { is_list: 1, page: 2, page_num: 10, city_id: 430200 });
    const ids = [...p1.data.rows, ...p2.data.rows].map((r) => r.id);
    expect(new Set(ids).size).toBe(20);
    expect([...p1.data.rows, ...p2.data.rows].every((r) => r.city_id === 430200)).toBe(true);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const done = await list(`${people}/front/msg/list`, { is_list: 1, page: 1, page_num: 10, is_reply: 1 });
    expect(done.data.rows.every((r) => r.is_reply === 1 && r.reply_name !== '')).toBe(true);
  });

  it('searches with /front/msg/index but silently ignores search on /front/msg/list', async () => {
    const hits = await list(`${people}/front/msg/index`, { search: '物业', page: 1, page_num: 10 });
    expect(hits.data.rows.length).toBeGreaterThan(0);
    const plain = await list(`${people}/front/msg/list`, { search: '物业', page: 1, page_num: 10 });
    expect(plain.data.total).toBeGreaterThan(hits.data.total);
  });

  it('returns detail with HTML content and reply[]', async () => {
    const rows = (await list(`${people}/front/msg/list`, { is_list: 1, page: 1, page_num: 50, is_reply: 1 })).data.rows;
    const res = await fetch(`${people}/front/msg/detail?id=${rows[0]!.id}`);
    const body = (await res.json()) as { status: string; data: { title: string; content: string; reply: Array<Record<string, string>> } };
    expect(body.status).toBe('1');
    expect(body.data.content).toMatch(/^<div><p>.+<\/p><\/div>$/);
    expect(body.data.reply.length).toBeGreaterThan(0);
    expect(Object.keys(body.data.reply[0]!)).toEqual(expect.arrayContaining(['content', 'reply_time', 'name']));
    expect((await fetch(`${people}/front/msg/detail?id=1`)).status).toBe(404);
  });
});

describe('红网 问政湖南 (wzapi)', () => {
  it('lists with pageNum as the page size and serves details', async () => {
    const body = await list(`${wz}/front/msg/index`, { ready: '1', is_reply: '', type: '', cate_id: '', pageNum: 7, page: 1 });
    expect(body.data.rows).toHaveLength(7);
    expect(Object.keys(body.data.rows[0]!)).toEqual(expect.arrayContaining(['id', 'title', 'created_at', 'nickname']));
    const detail = (await (await fetch(`${wz}/front/msg/detail?id=${body.data.rows[0]!.id}`)).json()) as { data: { content: string } };
    expect(detail.data.content).toContain('<p>');
    expect((await fetch(`${wz}/front/msg/list`, { method: 'POST' })).status).toBe(404);
  });
});
