import { describe, expect, it } from 'vitest';

import { renmin } from '../../scrapers/renmin/index.js';
import { parseFormList, parseSearchList, parseSignedList } from '../../scrapers/renmin/parse-list.js';
import { searchListTask } from '../../scrapers/renmin/tasks.js';
import { RENMIN_APP_CODE, signedEnvelope, signParam } from '../../scrapers/renmin/sign.js';
import { TaskSchema, type Task } from '../../src/sources/define-source.js';
import { ParseError } from '../../src/shared/errors.js';
import { loadFixture, onlyMessage, parseFixture } from './fixture-page.js';

describe('renmin signer (boards.md §1.5 test vectors)', () => {
  const vectors = [
    ['/v1/threads/list/bw', '{"fid":5050,"showUnAnswer":1,"typeId":5,"lastItem":"","position":1,"rows":10,"orderType":2}', '22e8ff231248d4e2774c9d1b523afdf9'],
    ['/v1/threads/list/df', '{"fid":"593","showUnAnswer":1,"typeId":5,"lastItem":"","position":"0","rows":10,"orderType":2}', 'a7db9282e68f7ccceff0785b444c2194'],
    ['/v1/threads/list/df', '{"fid":"559","showUnAnswer":1,"typeId":5,"lastItem":"","position":0,"rows":10,"orderType":2}', '9f41eaf88787382c14da461be7079546'],
    ['/v1/threads/content', '{"tid":"14592777","fromTrash":0}', '18d497371f56c631390ca2f9a196b130'],
    ['/v1/forum/getTopBwForums', '{}', '3be29e33cb708b79a3802f663cf8f16e'],
    ['/v2/threads/search', '{"position":0,"keywords":"天然气","fid":null,"domainId":null,"typeId":null,"timeRange":null,"ansChecked":false,"stTime":null,"sortType":"0","page":1,"rows":10}', 'bec2facf4f2a6ea58ced5215c60e6c1c'],
  ] as const;

  it.each(vectors)('signs %s %s', (path, param, signature) => {
    expect(signParam(path, param)).toBe(signature);
  });

  it('signs the path without its query string', () => {
    const [path, param, signature] = vectors[5];
    expect(signParam(`${path}?sortType=0`, param)).toBe(signature);
  });

  it('builds an envelope whose param is the compact JSON it signed', () => {
    const env = signedEnvelope('/v1/threads/content', { tid: '14592777', fromTrash: 0 });
    expect(env).toEqual({ appCode: RENMIN_APP_CODE, token: '', param: '{"tid":"14592777","fromTrash":0}', signature: '18d497371f56c631390ca2f9a196b130' });
  });
});

describe('renmin form list', () => {
  it('turns every row into a detail task and pages by the last tid', () => {
    const { messages, follow } = parseFixture(renmin, 'list-form-fid14.json');
    expect(messages).toEqual([]);
    const details = follow.filter((t) => t.kind === 'detail');
    expect(details).toHaveLength(10);
    expect(details[0]).toMatchObject({ path: '/threads/content?tid=18013887', meta: { tid: '18013887', fid: '1008' } });
    const next = follow.find((t) => t.kind === 'list');
    expect(next).toMatchObject({ method: 'POST', path: '/threads/queryThreadsList', form: { fid: '14', lastItem: '18012587', state: '1' }, meta: { page: 2 } });
  });

  it('stops at the watermark and does not page further', () => {
    const fx = loadFixture(renmin, 'list-form-fid14.json');
    const options = renmin.options.parse({ fids: ['14'] });
    const task = TaskSchema.parse({ ...fx.task, meta: { ...fx.task.meta, watermark: 18013154 } });
    const { follow } = parseFormList(fx.page, { task, options, fetchedAt: fx.page.fetchedAt });
    expect(follow.map((t) => t.meta?.tid)).toEqual(['18013887', '18013880', '18013593', '18013582']);
  });

  it('reports the sweep as cut at the watermark, with the highest tid it listed', () => {
    const fx = loadFixture(renmin, 'list-form-fid14.json');
    const task = TaskSchema.parse({ ...fx.task, meta: { ...fx.task.meta, watermark: 18013154 } });
    const { checkpoint } = parseFormList(fx.page, { task, options: renmin.options.parse({ fids: ['14'] }), fetchedAt: fx.page.fetchedAt });
    // The cut row is the first at/below the watermark: 18013154 itself is on the page.
    expect(checkpoint).toEqual({ scope: '14', top: 18013887, ended: 'cut', cutAt: 18013154, listed: 4 });
  });

  it('carries the sweep top to the next page and reports nothing while paging goes on', () => {
    const { follow, checkpoint } = parseFixture(renmin, 'list-form-fid14.json');
    expect(checkpoint).toBeUndefined();
    expect(follow.find((t) => t.kind === 'list')?.meta).toMatchObject({ page: 2, top: 18013887, listed: 10, scope: '14' });
  });

  it('reports a sweep stopped by the page limit as limit, and a later page keeps the carried top', () => {
    const fx = loadFixture(renmin, 'list-form-fid14.json');
    const options = renmin.options.parse({ fids: ['14'], maxPages: 3 });
    const task = TaskSchema.parse({ ...fx.task, meta: { ...fx.task.meta, page: 3, top: 19000000, listed: 20 } });
    const { follow, checkpoint } = parseFormList(fx.page, { task, options, fetchedAt: fx.page.fetchedAt });
    expect(follow.some((t) => t.kind === 'list')).toBe(false);
    expect(checkpoint).toEqual({ scope: '14', top: 19000000, ended: 'limit', cutAt: null, listed: 30 });
  });

  it('keys detail tasks by tid, so a later sweep does not fetch a known message again', () => {
    const { follow } = parseFixture(renmin, 'list-form-fid14.json');
    expect(follow[0]).toMatchObject({ kind: 'detail', key: 'tid:18013887' });
  });

  it('applies stored watermarks under the configured ones', () => {
    const options = renmin.options.parse({ watermarks: { '14': 5 } });
    const applied = renmin.incremental!.withWatermarks(options, { '14': 9, '539': 7 });
    expect(applied.watermarks).toEqual({ '14': 5, '539': 7 });
  });

  it('stops at rows older than since (unix seconds from the rows)', () => {
    const fx = loadFixture(renmin, 'list-form-fid14.json');
    const task = TaskSchema.parse({ ...fx.task, meta: { ...fx.task.meta, sinceSec: Date.parse('2026-06-13T00:00:00+08:00') / 1000 } });
    const { follow } = parseFormList(fx.page, { task, options: renmin.options.parse({}), fetchedAt: fx.page.fetchedAt });
    expect(follow.some((t) => t.kind === 'list')).toBe(false);
    expect(follow.length).toBeLessThan(10);
  });

  it('reads the pro-dfbbs-front variant with its pageSize', () => {
    const { follow } = parseFixture(renmin, 'list-pro-fid146.json');
    expect(follow.filter((t) => t.kind === 'detail')).toHaveLength(20);
    expect(follow.at(-1)).toMatchObject({ path: '/pro-dfbbs-front/threads/queryThreadsList', form: { pageSize: '20' } });
  });
});

describe('renmin signed list', () => {
  it('follows each row with a correctly signed content request', () => {
    const { follow } = parseFixture(renmin, 'list-signed-df-fid1008.json');
    const first = follow[0];
    expect(first?.kind).toBe('signedDetail');
    const env = first?.json as { param: string; signature: string };
    expect(JSON.parse(env.param)).toEqual({ tid: first?.meta?.tid, fromTrash: 0 });
    expect(env.signature).toBe(signParam('/v1/threads/content', env.param));
    // 9 rows < rows=10: a short page is the last one.
    expect(follow).toHaveLength(9);
    expect(follow.some((t) => t.kind === 'signedList')).toBe(false);
  });

  it('pages a full signed list with the cursor the server returned', () => {
    const fx = loadFixture(renmin, 'list-signed-df-fid1008.json');
    const options = renmin.options.parse({ ...fx.meta.options, pageSize: 9 });
    const task = TaskSchema.parse({ ...fx.task, meta: { ...fx.task.meta, pageSize: 9 } });
    const next = parseSignedList(fx.page, { task, options, fetchedAt: fx.page.fetchedAt }).follow.find((t) => t.kind === 'signedList');
    expect(next?.path).toBe('/v1/threads/list/df');
    expect(JSON.parse((next?.json as { param: string }).param)).toEqual({
      fid: '1008', showUnAnswer: 1, typeId: 2, lastItem: '18000445', position: 0, rows: 9, orderType: 2,
    });
  });

  it('uses /bw with a numeric fid and position 1 for ministries', () => {
    const fx = loadFixture(renmin, 'list-signed-bw-fid5055.json');
    expect(fx.task.path).toBe('/v1/threads/list/bw');
    expect(JSON.parse((fx.task.json as { param: string }).param)).toMatchObject({ fid: 5055, position: 1 });
    expect(parseFixture(renmin, 'list-signed-bw-fid5055.json').follow.length).toBeGreaterThan(0);
  });
});

describe('renmin detail page', () => {
  it('extracts a replied, evaluated thread', () => {
    const m = onlyMessage(renmin, 'detail-replied-evaluated.html');
    expect(m).toMatchObject({
      externalId: '18013152', boardId: '559', boardName: '浙江省委书记', title: '关于工业园路沿街商铺噪音问题的投诉',
      status: '已办理', domain: '环保', type: '投诉/求助', author: '18********0', postedAt: '2026-05-23 19:24',
      regionHint: '浙江省 浙江省委书记', bodyFormat: 'text', bodyTruncated: false,
    });
    expect(m.body.split('\n')).toHaveLength(2);
    expect(m.replies).toHaveLength(1);
    expect(m.replies[0]).toMatchObject({ org: '杭州市生态环境局', at: '2026-05-31 18:11' });
    expect(m.replies[0]?.body.split('\n')).toHaveLength(3);
    expect(m.evaluation).toEqual({ label: '基本满意', resolution: 2, attitude: 3, speed: 3, text: '回复及时，态度很好。', at: '2026-06-07 05:12' });
  });

  it('extracts a pending thread without replies or evaluation', () => {
    const m = onlyMessage(renmin, 'detail-pending.html');
    expect(m).toMatchObject({ externalId: '18013887', status: '待回复', domain: '交通', type: '建言', author: 'm***', replies: [], evaluation: null });
    expect(m.regionHint).toBe('浙江省 杭州市 杭州市长');
  });

  it('throws NotFoundError on the 页面找不到了 page', () => {
    expect(() => parseFixture(renmin, 'detail-not-found.html')).toThrow(expect.objectContaining({ code: 'ERR_HTTP_404' }));
  });

  it('throws ParseError when the title node is gone (layout changed)', () => {
    expect(() => parseFixture(renmin, 'detail-layout-changed.html')).toThrow(ParseError);
  });
});

describe('renmin signed content', () => {
  it('selects the message and replies by dataType, not position', () => {
    const m = onlyMessage(renmin, 'detail-signed-replied.json');
    expect(m).toMatchObject({
      externalId: '18010525', url: 'https://liuyan.people.com.cn/threads/content?tid=18010525', boardId: '1008', boardName: '杭州市长',
      title: '杭州市高新区医保卡无法正常使用', author: '胡***', status: '已办理', type: '投诉/求助', domain: '医疗', postedAt: 1773629371,
    });
    expect(m.replies).toEqual([expect.objectContaining({ org: '杭州市医疗保障局', at: 1776276227 })]);
  });

  it('throws ERR_SIGNATURE on SN0006', () => {
    expect(() => parseFixture(renmin, 'detail-signed-sn0006.json')).toThrow(expect.objectContaining({ code: 'ERR_SIGNATURE' }));
  });

  it('throws ParseError when no dataType 1 entry exists (layout changed)', () => {
    expect(() => parseFixture(renmin, 'detail-signed-layout-changed.json')).toThrow(ParseError);
  });
});

describe('renmin seeds', () => {
  it('seeds one signed list per fid and type tab, and honours the run since', () => {
    const options = renmin.options.parse({ fids: ['559', 5063], transport: 'signed', typeIds: [5, 2] });
    const seeds = renmin.seeds({ options, since: new Date('2026-06-01T00:00:00Z'), until: null });
    expect(seeds.map((s) => s.path)).toEqual(['/v1/threads/list/df', '/v1/threads/list/df', '/v1/threads/list/bw', '/v1/threads/list/bw']);
    expect(seeds[0]?.meta).toMatchObject({ sinceSec: 1780272000 });
  });
});

describe('renmin search feed', () => {
  const options = renmin.options.parse({ transport: 'signed', feed: 'site', feedRows: 3, maxPages: 5, watermarks: { 'search:site': 100 } });
  const row = (tid: number, subject: string) => ({ tid, fid: 14 + tid, forumName: '某市委书记', subject, typeName: '投诉', stateInfo: '未回复', createDateline: 1_780_000_000 + tid });
  const pageOf = (body: unknown) => {
    const text = JSON.stringify(body);
    return { url: 'https://liuyan.people.com.cn/v2/threads/search?sortType=0', finalUrl: '', status: 200, headers: {}, bytes: Buffer.from(text), text, charset: 'utf-8', fetchedAt: new Date() };
  };
  const parse = (body: unknown, page = 1) => {
    const task = TaskSchema.parse(searchListTask(options, { fid: null, page }));
    return parseSearchList(pageOf(body), { task, options, fetchedAt: new Date() });
  };

  it('sends the captured param order with fid null and signs the path without its query', () => {
    const task = searchListTask(options, { fid: null, page: 2 });
    expect(task.path).toBe('/v2/threads/search?sortType=0');
    const env = task.json as { param: string; signature: string };
    expect(Object.keys(JSON.parse(env.param))).toEqual(['position', 'keywords', 'fid', 'domainId', 'typeId', 'timeRange', 'ansChecked', 'stTime', 'sortType', 'page', 'rows']);
    expect(JSON.parse(env.param)).toMatchObject({ fid: null, page: 2, rows: 3 });
    expect(env.signature).toBe(signParam('/v2/threads/search', env.param));
  });

  it('takes rows above the watermark, strips search highlights, and pages on a full page', () => {
    const full = parse({ code: 0, msg: 'ok', data: { data: [row(105, '<label style=\'color:#D5313F\'>噪音</label>扰民'), row(104, 'b'), row(103, 'c')] } });
    const details = full.follow.filter((t) => t.kind === 'signedDetail');
    expect(details.map((t) => t.meta?.tid)).toEqual(['105', '104', '103']);
    expect(details[0]?.meta?.subject).toBe('噪音扰民');
    expect(details[0]?.meta?.fid).toBe('119');
    const next = full.follow.find((t) => t.kind === 'searchList');
    expect(JSON.parse((next?.json as { param: string }).param)).toMatchObject({ page: 2 });
    expect(full.checkpoint).toBeUndefined();
    // The next page reaches the watermark: no more pages, and the sweep is over.
    const last = parse({ code: 0, msg: 'ok', data: { data: [row(102, 'd'), row(100, 'old'), row(99, 'older')] } }, 2);
    expect(last.follow.map((t) => t.meta?.tid)).toEqual(['102']);
    expect(last.checkpoint).toMatchObject({ scope: 'search:site', ended: 'cut' });
  });

  it('raises a parse error on an error code or a changed shape, never an empty list', () => {
    expect(() => parse({ code: 'SN0006', msg: 'bad sign' })).toThrow(ParseError);
    expect(() => parse({ code: 500, msg: 'busy' })).toThrow(/error code/);
    expect(() => parse({ code: 0, msg: 'ok', data: { rows: [] } })).toThrow(ParseError);
  });

  it('refuses a feed on the form transport, naming the option', () => {
    const r = renmin.options.safeParse({ feed: 'site' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['feed']);
  });
});

describe('renmin status sweep', () => {
  const options = renmin.options.parse({ transport: 'signed', feed: 'site', feedRows: 3, maxPages: 5, watermarks: { 'search:site': 100 }, statusSweep: { everyHours: 3, windowDays: 10, maxPages: 3 } });
  const row = (tid: number, stateInfo: string, at: number) => ({ tid, fid: 14, forumName: '某市委书记', subject: 's', typeName: '投诉', stateInfo, createDateline: at });
  const pageOf = (body: unknown) => {
    const text = JSON.stringify(body);
    return { url: 'https://liuyan.people.com.cn/v2/threads/search?sortType=0', finalUrl: '', status: 200, headers: {}, bytes: Buffer.from(text), text, charset: 'utf-8', fetchedAt: new Date() };
  };
  const NOW = new Date('2026-06-20T00:00:00Z');
  const nowSec = NOW.getTime() / 1000;
  const parse = (task: Task, rows: unknown[]) => parseSearchList(pageOf({ code: 0, msg: 'ok', data: { data: rows } }), { task: TaskSchema.parse(task), options, fetchedAt: NOW });

  it('seeds the feed without a watermark scope, back to the window, every everyHours', () => {
    expect(renmin.statusSweep?.everyMs(options)).toBe(3 * 3_600_000);
    expect(renmin.statusSweep?.everyMs(renmin.options.parse({ transport: 'signed', feed: 'site' }))).toBeNull();
    const [seed] = renmin.statusSweep!.seeds(options, NOW);
    expect(seed?.meta).toMatchObject({ statusSweep: true, sinceSec: nowSec - 10 * 86_400, page: 1 });
    expect(seed?.meta?.scope).toBeUndefined();
  });

  it('reports every row in the window, known ones too, with no detail task and no checkpoint; pages until the window ends', () => {
    const [seed] = renmin.statusSweep!.seeds(options, NOW);
    // Rows below the watermark (100) are reported too: a status sweep lists known posts on purpose.
    const first = parse(seed!, [row(99, '已办理', nowSec - 3600), row(98, '办理中', nowSec - 86_400), row(97, '待回复', nowSec - 2 * 86_400)]);
    expect(first.rows).toEqual([
      expect.objectContaining({ externalId: '99', status: '已办理', rated: null }),
      expect.objectContaining({ externalId: '98', status: '办理中' }),
      expect.objectContaining({ externalId: '97', status: '待回复' }),
    ]);
    expect(first.rows?.[0]?.detail).toMatchObject({ kind: 'signedDetail', key: 'tid:99' });
    expect(first.follow).toHaveLength(1);
    expect(first.follow[0]?.meta).toMatchObject({ statusSweep: true, page: 2 });
    expect(first.checkpoint).toBeUndefined();
    expect(first.messages).toEqual([]);
    // A row older than the window ends the sweep.
    const last = parse(first.follow[0]!, [row(96, '已办理', nowSec - 9 * 86_400), row(95, '已办理', nowSec - 11 * 86_400), row(94, '待回复', nowSec - 12 * 86_400)]);
    expect(last.rows?.map((r) => r.externalId)).toEqual(['96']);
    expect(last.follow).toEqual([]);
  });

  it('stops at maxPages', () => {
    const third = renmin.statusSweep!.seeds(options, NOW).map((t) => ({ ...t, meta: { ...t.meta, page: 3 } }))[0]!;
    const rows = [row(9, '待回复', nowSec - 60), row(8, '待回复', nowSec - 60), row(7, '待回复', nowSec - 60)];
    expect(parse(third, rows).follow).toEqual([]);
  });

  it("without a feed, sweeps each fid's own list (form: cursor by the last tid), with the HTML detail task", () => {
    // Configured to list only 待回复: a status sweep still lists every state.
    const form = renmin.options.parse({ fids: ['14', '29'], state: 2, statusSweep: { everyHours: 6 } });
    const seeds = renmin.statusSweep!.seeds(form, NOW);
    expect(seeds.map((t) => [t.kind, t.form?.fid, t.form?.state, t.meta?.statusSweep, t.meta?.scope])).toEqual([['list', '14', '1', true, undefined], ['list', '29', '1', true, undefined]]);
    const rows = Array.from({ length: 10 }, (_, i) => row(200 - i, i % 2 ? '办理中' : '已办理', nowSec - 3600 * i));
    const text = JSON.stringify({ result: 'success', responseData: rows });
    const page = { url: 'https://liuyan.people.com.cn/threads/queryThreadsList', finalUrl: '', status: 200, headers: {}, bytes: Buffer.from(text), text, charset: 'utf-8', fetchedAt: NOW };
    const out = parseFormList(page, { task: TaskSchema.parse(seeds[0]), options: form, fetchedAt: NOW });
    expect(out.rows).toHaveLength(10);
    expect(out.rows?.[1]).toMatchObject({ externalId: '199', status: '办理中', detail: { kind: 'detail', key: 'tid:199' } });
    expect(out.follow.map((t) => [t.form?.lastItem, t.form?.state, t.meta?.page, t.meta?.statusSweep])).toEqual([['191', '1', 2, true]]);
    expect(out.checkpoint).toBeUndefined();
    const signed = renmin.options.parse({ transport: 'signed', fids: ['14'], typeIds: [5, 2], statusSweep: { everyHours: 6 } });
    expect(renmin.statusSweep!.seeds(signed, NOW).map((t) => [t.kind, t.meta?.typeId, t.meta?.statusSweep])).toEqual([['signedList', 5, true], ['signedList', 2, true]]);
  });
});
