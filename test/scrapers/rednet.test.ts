import { describe, expect, it } from 'vitest';

import { rednet, rednetWz } from '../../scrapers/rednet/index.js';
import { parseList } from '../../scrapers/rednet/parse-list.js';
import { TaskSchema } from '../../src/sources/define-source.js';
import { ParseError } from '../../src/shared/errors.js';
import { loadFixture, onlyMessage, parseFixture } from './fixture-page.js';

describe('rednet 百姓呼声 list', () => {
  it('posts JSON to /front/msg/list and follows every row plus the next page', () => {
    const fx = loadFixture(rednet, 'list-page1.json');
    expect(fx.task).toMatchObject({ method: 'POST', path: '/front/msg/list', json: { is_list: 1, page: 1, page_num: 10 } });
    const { messages, follow } = parseFixture(rednet, 'list-page1.json');
    expect(messages).toEqual([]);
    expect(follow.filter((t) => t.kind === 'detail')).toHaveLength(10);
    expect(follow[0]).toMatchObject({ path: '/front/msg/detail?id=3705997', meta: { id: '3705997', is_reply: 0, city_id: 430600 } });
    expect(follow.at(-1)).toMatchObject({ kind: 'list', json: { page: 2 }, meta: { board: 'baixing', page: 2 } });
  });

  it('stops at the watermark', () => {
    const fx = loadFixture(rednet, 'list-page1.json');
    const task = TaskSchema.parse({ ...fx.task, meta: { ...fx.task.meta, watermark: 3705986 } });
    const { follow } = parseList(fx.page, { task, options: rednet.options.parse({}), fetchedAt: fx.page.fetchedAt });
    expect(follow.map((t) => t.meta?.id)).toEqual(['3705997', '3705996', '3705992', '3705988']);
  });

  it('reports the sweep cut at the watermark and keys details by id', () => {
    const fx = loadFixture(rednet, 'list-page1.json');
    const task = TaskSchema.parse({ ...fx.task, meta: { ...fx.task.meta, watermark: 3705986 } });
    const { follow, checkpoint } = parseList(fx.page, { task, options: rednet.options.parse({}), fetchedAt: fx.page.fetchedAt });
    expect(checkpoint).toEqual({ scope: 'baixing', top: 3705997, ended: 'cut', cutAt: 3705986, listed: 4 });
    expect(follow[0]).toMatchObject({ key: 'id:3705997' });
  });

  it('applies the stored watermark of its own board unless the config sets one', () => {
    const stored = { baixing: 40, wenzheng: 70 };
    expect(rednet.incremental!.withWatermarks(rednet.options.parse({}), stored).watermark).toBe(40);
    expect(rednetWz.incremental!.withWatermarks(rednetWz.options.parse({}), stored).watermark).toBe(70);
    expect(rednet.incremental!.withWatermarks(rednet.options.parse({ watermark: 5 }), stored).watermark).toBe(5);
  });

  it('stops at rows created before since', () => {
    const fx = loadFixture(rednet, 'list-page1.json');
    const task = TaskSchema.parse({ ...fx.task, meta: { ...fx.task.meta, sinceMs: Date.parse('2026-06-14T10:00:00+08:00') } });
    const { follow } = parseList(fx.page, { task, options: rednet.options.parse({}), fetchedAt: fx.page.fetchedAt });
    expect(follow.map((t) => t.meta?.id)).toEqual(['3705997', '3705996', '3705992']);
  });
});

describe('rednet 百姓呼声 detail', () => {
  it('extracts a replied message with HTML body and replies', () => {
    const m = onlyMessage(rednet, 'detail-replied.json');
    expect(m).toMatchObject({
      externalId: '3705893', title: '感谢长沙市高新区政务服务中心的工作人员', bodyFormat: 'html', postedAt: '2026-06-08 12:37:55',
      author: '朱***', status: '已办理', type: '表扬', regionHint: '430100', views: 113, evaluation: null,
    });
    expect(m.body).toMatch(/^<div><p>/);
    expect(m.replies).toEqual([expect.objectContaining({ org: '长沙市政务服务中心', at: '2026-06-14 04:00:08' })]);
  });

  it('maps is_reply 0 to 未办理', () => {
    const m = onlyMessage(rednet, 'detail-pending.json');
    expect(m).toMatchObject({ externalId: '3705997', status: '未办理', regionHint: '430600', replies: [] });
  });

  it('throws NotFoundError for a deleted message', () => {
    expect(() => parseFixture(rednet, 'detail-not-found.json')).toThrow(expect.objectContaining({ code: 'ERR_HTTP_404' }));
  });

  it('throws ParseError when data.content is gone (layout changed)', () => {
    expect(() => parseFixture(rednet, 'detail-layout-changed.json')).toThrow(ParseError);
  });
});

describe('rednet-wz 问政湖南', () => {
  it('lists with /front/msg/index where pageNum is the page size', () => {
    const fx = loadFixture(rednetWz, 'list-page1.json');
    expect(fx.task).toMatchObject({ path: '/front/msg/index', json: { ready: '1', pageNum: 10, page: 1 } });
    const { follow } = parseFixture(rednetWz, 'list-page1.json');
    expect(follow.at(-1)).toMatchObject({ path: '/front/msg/index', json: { page: 2 }, meta: { board: 'wenzheng' } });
  });

  it('parses a detail with the same schema', () => {
    const m = onlyMessage(rednetWz, 'detail-replied.json');
    expect(m).toMatchObject({ externalId: '103920', status: '已办理', type: '投诉', regionHint: '431100' });
    expect(m.replies).toHaveLength(1);
    expect(m.replies[0]?.org).toBe('永州市交通运输局');
  });

  it('throws ParseError on the layout-changed copy', () => {
    expect(() => parseFixture(rednetWz, 'detail-layout-changed.json')).toThrow(ParseError);
  });
});
