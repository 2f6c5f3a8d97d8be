import { describe, expect, it } from 'vitest';

import { deepMerge, portalSources } from '../../scrapers/portal/index.js';
import { parseList } from '../../scrapers/portal/parse-list.js';
import { portalSites } from '../../scrapers/portal/sites.js';
import { TaskSchema, type AnySourceDefinition } from '../../src/sources/define-source.js';
import { ParseError } from '../../src/shared/errors.js';
import { loadFixture, onlyMessage, parseFixture } from './fixture-page.js';

const source = (id: string): AnySourceDefinition => {
  const s = portalSources.find((x) => x.id === id);
  if (!s) throw new Error(id);
  return s;
};
const dalian = source('portal-dalian');
const jiamusi = source('portal-jiamusi');
const xuzhou = source('portal-xuzhou');
const beijing = source('portal-beijing');

describe('portal sources from sites + presets', () => {
  it('registers one source per site with the preset traits', () => {
    expect(portalSources.map((s) => s.id)).toEqual(portalSites.map((s) => s.id));
    expect(dalian.fetch.encoding).toBe('gbk');
    expect(beijing.fetch.warmupPath).toBe('/hudong/hdjl/com.web.search.mailList.flow');
  });

  it('merges config options over the site overrides over the preset', () => {
    const opts = dalian.options.parse({ maxPages: 2, list: { pageSize: 20 } });
    expect(opts).toMatchObject({ maxPages: 2, regionHint: '辽宁省 大连市', list: { mode: 'template', pageSize: 20, rows: 'ul.mt10 > li' } });
    expect(deepMerge({ a: [1, 2], b: { c: 1, d: 2 } }, { a: [3], b: { d: 4 } })).toEqual({ a: [3], b: { c: 1, d: 4 } });
  });

  it('seeds one list per template path (佳木斯 has two categories)', () => {
    const seeds = jiamusi.seeds({ options: jiamusi.options.parse({}), since: null, until: null });
    expect(seeds.map((s) => s.path)).toEqual(['/html/zmhd/page/jms_10030002_1.html', '/html/zmhd/page/jms_10030001_1.html']);
  });
});

describe('portal-dalian (GBK, label table)', () => {
  it('decodes the GBK list and follows each li by its href', () => {
    const fx = loadFixture(dalian, 'list-page1.html');
    expect(fx.page.charset).toBe('gb18030');
    const { follow } = parseFixture(dalian, 'list-page1.html');
    expect(follow.filter((t) => t.kind === 'detail')).toHaveLength(10);
    expect(follow[0]).toMatchObject({ path: '/fgw/gzjl/detail.jspx?gdId=4dd6a3325f9579a854f22828000007cf', meta: { id: 'G20260614-0006', status: '待受理', type: '建议' } });
    expect(follow.at(-1)).toMatchObject({ kind: 'list', path: '/fgw/gzjl/xjlb_2.jspx' });
  });

  it('reads a replied letter by labels, including 反映时间：… inside one cell', () => {
    const m = onlyMessage(dalian, 'detail-replied.html');
    expect(m).toMatchObject({ externalId: 'G20260609-0005', title: '冬季供暖温度不达标', status: '已办结', postedAt: '2026-06-09 19:55', extra: { statusCode: 'closed' } });
    expect(m.replies).toEqual([expect.objectContaining({ org: '大连市发展和改革委员会', at: '2026-06-14 20:46' })]);
  });

  it('has no reply when 答复内容 is empty', () => {
    expect(onlyMessage(dalian, 'detail-pending.html')).toMatchObject({ status: '待受理', replies: [], extra: { statusCode: 'pending' } });
  });

  it('throws ParseError when the 反映内容 label is gone', () => {
    expect(() => parseFixture(dalian, 'detail-layout-changed.html')).toThrow(ParseError);
  });
});

describe('portal-jiamusi (span ids)', () => {
  it('reads span#id fields and the 满意度 label', () => {
    const m = onlyMessage(jiamusi, 'detail-replied.html');
    expect(m).toMatchObject({ externalId: '1cfedaf6-b743-4772-ad40-000000000780', author: '陈***', postedAt: '2026-05-31 11:41', status: '已办结', type: '投诉' });
    expect(m.replies).toEqual([expect.objectContaining({ org: '佳木斯市人力资源和社会保障局', at: '2026-06-06 03:20' })]);
    expect(m.evaluation).toEqual({ label: '不满意', resolution: null, attitude: null, speed: null, text: null, at: null });
  });

  it('treats 用户暂无评价 as no evaluation', () => {
    expect(onlyMessage(jiamusi, 'detail-pending.html')).toMatchObject({ evaluation: null, replies: [] });
  });

  it('throws ParseError when span#content is gone', () => {
    expect(() => parseFixture(jiamusi, 'detail-layout-changed.html')).toThrow(ParseError);
  });
});

describe('portal-xuzhou (ASP.NET postback)', () => {
  it('takes the detail URL from onclick and posts back the page state for page 2', () => {
    const { follow } = parseFixture(xuzhou, 'list-page1.html');
    expect(follow[0]).toMatchObject({ path: '/xzbmweb/ywxxtemplate/CaseDetail.aspx?CaseId=3005999', meta: { id: '2026061400006' } });
    const next = follow.at(-1);
    expect(next).toMatchObject({
      kind: 'list', method: 'POST', path: '/xzbmweb/ywxxtemplate/ggfw_slgs.aspx',
      form: { __EVENTTARGET: 'CaseGgfwAll1$Pager', __EVENTARGUMENT: '2', 'CaseGgfwAll1$Pager_input': '1', __EVENTVALIDATION: '/wEWAgL1' },
    });
    expect(next?.form?.__VIEWSTATE).toMatch(/^[A-Za-z0-9+/=]+$/);
  });

  it('parses the postback answer (page 2) and carries its own state on', () => {
    const { follow } = parseFixture(xuzhou, 'list-postback-page2.html');
    expect(follow.at(-1)?.form).toMatchObject({ __EVENTARGUMENT: '3', 'CaseGgfwAll1$Pager_input': '2' });
  });

  it('throws ParseError when __VIEWSTATE is missing', () => {
    const fx = loadFixture(xuzhou, 'list-page1.html');
    const page = { ...fx.page, text: fx.page.text.replace('name="__VIEWSTATE"', 'name="__STATE"') };
    expect(() => parseList(page, { task: fx.task, options: xuzhou.options.parse({}), fetchedAt: fx.page.fetchedAt })).toThrow(ParseError);
  });

  it('reads CaseDetail spans and takes the reply org from the list row', () => {
    const m = onlyMessage(xuzhou, 'detail-replied.html');
    expect(m).toMatchObject({ externalId: '2026060900005', postedAt: '2026-06-09 18:17', type: '投诉', status: '已办结' });
    expect(m.replies).toEqual([expect.objectContaining({ org: '徐州市住房和城乡建设局', at: '2026-06-14 18:43' })]);
  });

  it('throws ParseError when the content span is renamed', () => {
    expect(() => parseFixture(xuzhou, 'detail-layout-changed.html')).toThrow(ParseError);
  });
});

describe('portal-beijing (JSON list, HTML detail)', () => {
  it('builds the detail flow per letter type and pages by offset', () => {
    const { follow } = parseFixture(beijing, 'list-page1.json');
    expect(follow[0]).toMatchObject({ path: '/hudong/hdjl/com.web.consult.consultDetail.flow?originalId=AH20000005998', meta: { status: '未回复' } });
    expect(follow[1]?.path).toBe('/hudong/hdjl/com.web.complain.complainDetail.flow?originalId=AH20000005996');
    expect(follow.at(-1)).toMatchObject({ method: 'POST', form: { 'PageCond/begin': '10', 'PageCond/length': '10' } });
  });

  it('stops paging at rows older than since', () => {
    const fx = loadFixture(beijing, 'list-page1.json');
    const task = TaskSchema.parse({ ...fx.task, meta: { ...fx.task.meta, sinceMs: Date.parse('2026-06-15T00:00:00+08:00') } });
    expect(parseList(fx.page, { task, options: beijing.options.parse({}), fetchedAt: fx.page.fetchedAt }).follow).toEqual([]);
  });

  it('reads the Bootstrap blocks of a replied letter', () => {
    const m = onlyMessage(beijing, 'detail-replied.html');
    expect(m).toMatchObject({ externalId: 'AH20000005398', author: '张***', postedAt: '2026-05-09', status: '已回复', extra: { statusCode: 'replied' } });
    expect(m.replies).toEqual([expect.objectContaining({ org: '北京市生态环境局', at: '2026-05-21' })]);
  });

  it('throws ParseError when the body block class changes', () => {
    expect(() => parseFixture(beijing, 'detail-layout-changed.html')).toThrow(ParseError);
  });
});
