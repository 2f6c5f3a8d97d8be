import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { postJson, postSigned } from './sim-client.js';

let sim: RunningSimulator;
let base: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 9, messagesPerBoard: 20_000 });
  base = sim.boards.liuyan!.baseUrl;
});
afterAll(async () => sim.close());

type Rows = Array<Record<string, unknown> & { tid: number }>;
const listParam = (fid: string | number, lastItem: string | number, position: number) =>
  ({ fid, showUnAnswer: 1, typeId: null, lastItem, position, rows: 10, orderType: 2 });

describe('liuyan signed JSON API', () => {
  it('answers a wrong signature with HTTP 200 SN0006', async () => {
    const res = await postSigned(base, '/v1/threads/list/df', listParam('559', '', 0), '0'.repeat(32));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ code: 'SN0006', msg: '数据格式错误' });
  });

  it('rejects a plain POST without the envelope and a re-serialised param', async () => {
    expect(await (await postJson(`${base}/v1/threads/list/df`, listParam('559', '', 0))).json()).toEqual({ code: 'SN0006', msg: '数据格式错误' });
    const param = JSON.stringify(listParam('559', '', 0));
    const spaced = param.replace(/,/g, ', ');
    const { signLiuyan } = await import('../../sim/liuyan/sign.js');
    const body = { appCode: 'PC42ce3bfa4980a9', token: '', signature: signLiuyan('/v1/threads/list/df', param), param: spaced };
    expect(((await (await postJson(`${base}/v1/threads/list/df`, body)).json()) as { code: string }).code).toBe('SN0006');
  });

  it('lists local leader threads (df) with cursor paging and 39 columns', async () => {
    const first = (await (await postSigned(base, '/v1/threads/list/df', listParam('559', '', 0))).json()) as { resultData: { data: Rows; lastItem: string } };
    expect(first.resultData.data).toHaveLength(10);
    expect(Object.keys(first.resultData.data[0]!)).toHaveLength(39);
    const last = first.resultData.data[9]!.tid;
    expect(first.resultData.lastItem).toBe(String(last));
    const second = (await (await postSigned(base, '/v1/threads/list/df', listParam('559', String(last), 0))).json()) as typeof first;
    expect(second.resultData.data[0]!.tid).toBeLessThan(last);
  });

  it('lists ministries only through bw', async () => {
    const bw = (await (await postSigned(base, '/v1/threads/list/bw', listParam(5055, '', 1))).json()) as { resultData: { data: Rows } };
    expect(bw.resultData.data.length).toBe(10);
    expect(bw.resultData.data.every((r) => r.fid === 5055 && r.position === 1)).toBe(true);
    const wrong = (await (await postSigned(base, '/v1/threads/list/df', listParam(5055, '', 0))).json()) as typeof bw;
    expect(wrong.resultData.data).toEqual([]);
  });

  it('returns contentList with dataType 1 (message) and 4 (reply)', async () => {
    const rows = (await (await postSigned(base, '/v1/threads/list/df', { ...listParam('559', '', 0), rows: 100 })).json()) as { resultData: { data: Rows } };
    const replied = rows.resultData.data.find((r) => r.stateInfo === '已办理');
    expect(replied).toBeDefined();
    const res = await postSigned(base, '/v1/threads/content', { tid: String(replied!.tid), fromTrash: 0 });
    const list = ((await res.json()) as { resultData: { contentList: Array<Record<string, unknown>> } }).resultData.contentList;
    const msg = list.find((c) => c.dataType === 1);
    const reply = list.find((c) => c.dataType === 4);
    expect(msg?.nickName).toBeTruthy();
    expect(String(msg?.content).length).toBeGreaterThan(0);
    expect(reply?.organization).toBeTruthy();
  });

  it('searches with highlighted keyword hits', async () => {
    const param = { position: 0, keywords: '噪音', fid: null, domainId: null, typeId: null, timeRange: null, ansChecked: false, stTime: null, sortType: '0', page: 1, rows: 10 };
    const res = await postSigned(base, '/v2/threads/search', param);
    const body = (await res.json()) as { code: number; msg: string; data: { data: Rows } };
    expect(body.code).toBe(0);
    expect(body.data.data.length).toBeGreaterThan(0);
    for (const row of body.data.data) expect(`${String(row.subject)}${String(row.content)}`).toContain("<label style='color:#D5313F'>噪音</label>");
  });

  it('serves the ministry forum list signed with {}', async () => {
    const res = await postSigned(base, '/v1/forum/getTopBwForums', {});
    const body = (await res.json()) as { resultData: { forums: Array<{ fid: number; name: string }> } };
    expect(body.resultData.forums.map((f) => f.fid)).toEqual(expect.arrayContaining([5055, 5063]));
  });
});
