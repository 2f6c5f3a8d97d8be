import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { admin, postForm, postJson } from './sim-client.js';

let sim: RunningSimulator;
const listUrl = (): string => `${sim.boards.liuyan!.baseUrl}/threads/queryThreadsList`;
const off = { serverErrorRate: 0, truncateRate: 0, wrongCharsetRate: 0, layoutChangeRate: 0, emptyBodyRate: 0 };

beforeAll(async () => {
  sim = await startSimulator({ seed: 29, messagesPerBoard: 2_000 });
});
afterAll(async () => sim.close());

async function setFaults(board: string, faults: Record<string, number>): Promise<void> {
  await admin(sim.adminUrl, '/_admin/config', { board, faults: { ...off, ...faults } });
}

describe('fault injection', () => {
  it('serves 5xx bursts of the configured length', async () => {
    await setFaults('liuyan', { serverErrorRate: 1, serverErrorBurst: 3 });
    const statuses: number[] = [];
    for (let k = 0; k < 3; k++) statuses.push((await postForm(listUrl(), { fid: 14 })).status);
    await setFaults('liuyan', {});
    // The burst started before the rate was reset keeps running to its end.
    expect(statuses.every((s) => [500, 502, 503].includes(s))).toBe(true);
    expect((await postForm(listUrl(), { fid: 14 })).status).toBe(200);
  });

  it('truncates JSON bodies', async () => {
    await setFaults('liuyan', { truncateRate: 1 });
    const text = await (await postForm(listUrl(), { fid: 14 })).text();
    await setFaults('liuyan', {});
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('changes the layout: renamed JSON keys and HTML classes', async () => {
    await setFaults('liuyan', { layoutChangeRate: 1 });
    const body = (await (await postForm(listUrl(), { fid: 14 })).json()) as Record<string, unknown>;
    const tid = (body.data as Array<{ tid: number }>)[0]!.tid;
    const html = await (await fetch(`${sim.boards.liuyan!.baseUrl}/threads/content?tid=${tid}`)).text();
    await setFaults('liuyan', {});
    expect(body).not.toHaveProperty('responseData');
    expect(html).not.toContain('class="liuyan_box03');
    const rednet = (await (await postJson(`${sim.boards['rednet-people']!.baseUrl}/front/msg/list`, { page: 1 })).json()) as { data: object };
    expect(rednet.data).toHaveProperty('rows');
  });

  it('declares the wrong charset on HTML pages', async () => {
    await setFaults('jiamusi', { wrongCharsetRate: 1 });
    const res = await fetch(`${sim.boards.jiamusi!.baseUrl}/html/zmhd/page/jms_10030002_1.html`);
    await setFaults('jiamusi', {});
    expect(res.headers.get('content-type')).toBe('text/html; charset=gbk');
    expect(Buffer.from(await res.arrayBuffer()).toString('utf8')).toContain('反映问题');
  });

  it('adds configured latency and counts requests per path', async () => {
    await admin(sim.adminUrl, '/_admin/config', { board: 'rednet-wz', latency: { baseMs: 150, jitterMs: 0 } });
    const started = Date.now();
    await postJson(`${sim.boards['rednet-wz']!.baseUrl}/front/msg/index`, { page: 1, pageNum: 5 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const stats = (await admin(sim.adminUrl, '/_admin/stats')) as Record<string, { byPath: Record<string, number>; byStatus: Record<string, number> }>;
    expect(stats['rednet-wz']!.byPath['/front/msg/index']).toBe(1);
    expect(Object.keys(stats.liuyan!.byStatus)).toEqual(expect.arrayContaining(['200']));
    await fetch(`${sim.boards.dalian!.baseUrl}/fgw/gzjl/xjlb_3.jspx`);
    const after = (await admin(sim.adminUrl, '/_admin/stats')) as typeof stats;
    expect(after.dalian!.byPath['/fgw/gzjl/xjlb_{n}.jspx']).toBe(1);
  });

  it('rejects invalid admin input', async () => {
    const res = await postJson(`${sim.adminUrl}/_admin/config`, { faults: { truncateRate: 2 } });
    expect(res.status).toBe(400);
    await expect(startSimulator({ messagesPerBoard: -1 })).rejects.toThrow();
  });
});
