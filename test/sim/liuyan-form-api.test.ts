import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { postForm } from './sim-client.js';

// The full row key set of boards.md §1.3.
const ROW_KEYS = [
  'tid', 'userId', 'fid', 'typeId', 'domainId', 'topicId', 'nickName', 'subject', 'content', 'dateline', 'ip',
  'stateInfo', 'traceInfo', 'processInfo', 'hasReported', 'favNum', 'forumName', 'typeName', 'domainName', 'sourceName',
  'answerId', 'answerContent', 'answerDateline', 'answerOrganization', 'userType', 'threadState', 'publicAttachment',
  'userFavStatus', 'grade', 'gradeLevel', 'gradeManner', 'gradeSpeed', 'trashRecheckState', 'attachment',
  'threadsCheckTime', 'from', 'shisiwu',
].sort();

type Row = Record<string, unknown> & { tid: number; stateInfo: string; content: string };
interface ListBody { result: string; success: boolean; responseData: Row[] }

let sim: RunningSimulator;
let base: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 3, messagesPerBoard: 20_000 });
  base = sim.boards.liuyan!.baseUrl;
});
afterAll(async () => sim.close());

async function list(fields: Record<string, string | number>, path = '/threads/queryThreadsList'): Promise<ListBody> {
  const res = await postForm(`${base}${path}`, fields);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  return (await res.json()) as ListBody;
}

describe('liuyan queryThreadsList (generations A and C)', () => {
  it('answers GET with 405', async () => {
    const res = await fetch(`${base}/threads/queryThreadsList?fid=14`);
    expect(res.status).toBe(405);
  });

  it('returns 10 rows with the full key set, truncated content and masked fields', async () => {
    const body = await list({ fid: 14, lastItem: 0 });
    expect(body.result).toBe('success');
    expect(body.success).toBe(true);
    expect(body.responseData).toHaveLength(10);
    for (const row of body.responseData) {
      expect(Object.keys(row).sort()).toEqual(ROW_KEYS);
      expect(['待回复', '办理中', '已办理']).toContain(row.stateInfo);
      expect(String(row.ip)).toMatch(/^\d+\.\d+\.\d+\.\*$/);
      expect(String(row.nickName)).toMatch(/\*\*\*/);
      expect(String(row.from)).toMatch(/^ 浙江省 /);
      expect(row.content.length).toBeLessThanOrEqual(103);
    }
    expect(body.responseData.some((r) => r.content.endsWith('...'))).toBe(true);
  });

  it('pages by lastItem cursor: descending tids, no overlap, short page at the end', async () => {
    const seen = new Set<number>();
    let lastItem = 0;
    let prev = Number.MAX_SAFE_INTEGER;
    let pages = 0;
    for (;;) {
      const rows = (await list({ fid: 4170, lastItem })).responseData;
      for (const r of rows) {
        expect(r.tid).toBeLessThan(prev);
        expect(seen.has(r.tid)).toBe(false);
        expect(r.fid).toBe(4170);
        seen.add(r.tid);
        prev = r.tid;
      }
      pages++;
      if (rows.length < 10) break;
      lastItem = rows[rows.length - 1]!.tid;
    }
    expect(pages).toBeGreaterThan(5);
    const after = await list({ fid: 4170, lastItem: prev });
    expect(after.responseData).toEqual([]);
  });

  it('filters by state (2 待回复, 3 办理中, 4 已办理)', async () => {
    for (const [state, label] of [[2, '待回复'], [3, '办理中'], [4, '已办理']] as const) {
      const rows = (await list({ fid: 14, lastItem: 0, state })).responseData;
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.stateInfo === label)).toBe(true);
    }
  });

  it('includes answers in generation A but leaves them empty in generation C, which honours pageSize', async () => {
    const a = (await list({ fid: 14, lastItem: 0, state: 4 })).responseData;
    expect(a.every((r) => typeof r.answerContent === 'string' && r.answerContent.length > 0)).toBe(true);
    const c = (await list({ fid: 14, lastItem: 0, pageSize: 20 }, '/pro-dfbbs-front/threads/queryThreadsList')).responseData;
    expect(c).toHaveLength(20);
    expect(c.every((r) => r.answerContent === '' && r.answerId === null)).toBe(true);
  });

  it('lists a province across its leaders and cities, and nothing for forums without leaders', async () => {
    const rows = (await list({ fid: 34, lastItem: 0 })).responseData;
    expect(new Set(rows.map((r) => r.fid)).size).toBeGreaterThan(1);
    expect((await list({ fid: 38, lastItem: 0 })).responseData).toEqual([]);
  });

  it('reports an unknown fid as a non-success result', async () => {
    const body = (await (await postForm(`${base}/threads/queryThreadsList`, { fid: 999_999 })).json()) as Record<string, unknown>;
    expect(body.result).not.toBe('success');
    expect(body.resultDesc).toBeTruthy();
  });

  it('serves the forum tree through getChildForums', async () => {
    const res = await postForm(`${base}/forum/getChildForums`, { fid: 14 });
    const body = (await res.json()) as { responseData: Array<{ fid: number; name: string }> };
    const fids = body.responseData.map((f) => f.fid);
    expect(fids).toEqual(expect.arrayContaining([559, 560, 146]));
    const hz = (await (await postForm(`${base}/forum/getChildForums`, { fid: 146 })).json()) as typeof body;
    expect(hz.responseData.map((f) => f.fid)).toEqual(expect.arrayContaining([1007, 1008, 4170]));
  });

  it('serves the old GET keyword search with responseData.rows and total', async () => {
    const res = await fetch(`${base}/threads/search?lastItem=&queryType=2&keywords=${encodeURIComponent('工资')}&fid=`);
    const body = (await res.json()) as { responseData: { rows: Row[]; total: number } };
    expect(body.responseData.total).toBeGreaterThan(0);
    expect(body.responseData.rows.length).toBeGreaterThan(0);
    expect(body.responseData.rows.every((r) => `${String(r.subject)}${r.content}`.length > 0)).toBe(true);
  });
});
