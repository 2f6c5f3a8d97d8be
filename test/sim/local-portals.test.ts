import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { postForm } from './sim-client.js';

let sim: RunningSimulator;
const url = (board: string, path: string): string => `${sim.boards[board]!.baseUrl}${path}`;

beforeAll(async () => {
  sim = await startSimulator({ seed: 13, messagesPerBoard: 3_000 });
});
afterAll(async () => sim.close());

async function gbk(path: string): Promise<{ res: Response; text: string; bytes: Buffer }> {
  const res = await fetch(url('dalian', path));
  const bytes = Buffer.from(await res.arrayBuffer());
  return { res, text: new TextDecoder('gbk').decode(bytes), bytes };
}

describe('大连 (style a, GBK declared only in <meta>)', () => {
  it('serves GBK bytes, a header without charset and ul.mt10 > li rows', async () => {
    const { res, text, bytes } = await gbk('/fgw/gzjl/xjlb_1.jspx');
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(text).toContain('charset=gbk');
    expect(bytes.toString('utf8')).not.toContain('信件列表'); // not UTF-8
    const $ = load(text);
    const rows = $('ul.mt10 > li');
    expect(rows.length).toBe(10);
    const a = rows.first().find('a');
    expect(a.eq(0).text()).toMatch(/^G\d{8}-\d{4}$/);
    expect(a.eq(1).attr('href')).toMatch(/^detail\.jspx\?gdId=[0-9a-f]{32}$/);
    expect(a.eq(1).find('span').text().length).toBeGreaterThan(3);
    expect(['咨询', '建议', '投诉', '求助', '表扬']).toContain(a.eq(2).text());
    expect(['待受理', '办理中', '已办结']).toContain(a.eq(3).text());
  });

  it('serves a label/value detail table; unknown ids are 404', async () => {
    const last = Math.ceil(3000 / 10);
    const list = load((await gbk(`/fgw/gzjl/xjlb_${last}.jspx`)).text);
    const href = list('ul.mt10 > li a').eq(1).attr('href')!;
    const { res, text } = await gbk(`/fgw/gzjl/${href}`);
    expect(res.status).toBe(200);
    const $ = load(text);
    const value = (label: string): string => $('tr').filter((_k, tr) => $(tr).find('th').text() === label).find('td').text();
    expect(value('反映内容').length).toBeGreaterThan(10);
    expect(value('处理状态')).toBe('已办结');
    expect($('tr').eq(5).find('td').eq(0).text()).toMatch(/^反映时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect((await gbk('/fgw/gzjl/detail.jspx?gdId=' + 'a'.repeat(32))).res.status).toBe(404);
    expect((await gbk(`/fgw/gzjl/xjlb_${last + 1}.jspx`)).res.status).toBe(404);
  });
});

describe('佳木斯 (style b, span ids)', () => {
  it('lists both categories and serves span-id details', async () => {
    for (const cat of ['10030002', '10030001']) {
      const $ = load(await (await fetch(url('jiamusi', `/html/zmhd/page/jms_${cat}_1.html`))).text());
      expect($('ul#wszxList > li').length).toBe(15);
    }
    const $ = load(await (await fetch(url('jiamusi', '/html/zmhd/page/jms_10030001_40.html'))).text());
    const li = $('ul#wszxList > li').first();
    expect(li.find('span').eq(1).text()).toBe('咨询');
    const d = load(await (await fetch(url('jiamusi', li.find('span').eq(0).find('a').attr('href')!))).text());
    for (const id of ['releaseMan', 'zxsj', 'title', 'conType', 'state', 'content', 'accessory', 'conDept', 'replyTime', 'replyContent']) {
      expect(d(`span#${id}`).length).toBe(1);
    }
    expect(d('span#title').text()).toBe(li.find('span').eq(0).text());
    expect(d('div#myd').text().length).toBeGreaterThan(0);
  });
});

describe('徐州 12345 (ASP.NET postback paging)', () => {
  const path = '/xzbmweb/ywxxtemplate/ggfw_slgs.aspx';
  it('pages by __EVENTTARGET/__EVENTARGUMENT with the issued __VIEWSTATE', async () => {
    const first = load(await (await fetch(url('xuzhou', path))).text());
    const rows1 = first('tr.HeadStyleOfDataGridItemStyle');
    expect(rows1.length).toBe(15);
    const viewState = first('#__VIEWSTATE').val() as string;
    const res = await postForm(url('xuzhou', path), { __EVENTTARGET: 'CaseGgfwAll1$Pager', __EVENTARGUMENT: 2, __VIEWSTATE: viewState, 'CaseGgfwAll1$Pager_input': 1 });
    const second = load(await res.text());
    const rows2 = second('tr.HeadStyleOfDataGridItemStyle');
    expect(rows2.first().find('td').eq(0).find('font').text()).toBe('16');
    expect(rows2.first().find('td').eq(1).text()).not.toBe(rows1.first().find('td').eq(1).text());
    const forged = await postForm(url('xuzhou', path), { __EVENTTARGET: 'CaseGgfwAll1$Pager', __EVENTARGUMENT: 2, __VIEWSTATE: 'bogus' });
    expect(forged.status).toBe(500);
  });

  it('links details through onclick and fills #CaseDetail_lbl_* spans', async () => {
    const $ = load(await (await fetch(url('xuzhou', path))).text());
    const onclick = $('tr.HeadStyleOfDataGridItemStyle td').eq(2).find('font a').attr('onclick')!;
    const rel = /window\.open\("([^"]+)"\)/.exec(onclick)![1]!;
    const detailUrl = new URL(rel, url('xuzhou', path)).toString();
    const d = load(await (await fetch(detailUrl)).text());
    for (const id of ['title', 'requestDate', 'content', 'CaseType', 'answerDate', 'AnswerContent', 'result', 'bcfk']) {
      expect(d(`#CaseDetail_lbl_${id}`).length).toBe(1);
    }
    expect(d('#CaseDetail_lbl_title').text()).toBe($('tr.HeadStyleOfDataGridItemStyle td').eq(2).text());
  });
});

describe('北京 (JSON list + bootstrap detail)', () => {
  const listPath = '/hudong/hdjl/com.web.search.mailList.mailList.biz.ext';
  it('returns an empty list without the session cookie and rows with it', async () => {
    const form = { 'PageCond/begin': 0, 'PageCond/length': 6, 'PageCond/isCount': 'true' };
    const cold = (await (await postForm(url('beijing', listPath), form)).json()) as { mailList: unknown[] };
    expect(cold.mailList).toEqual([]);
    const warm = await fetch(url('beijing', '/hudong/hdjl/com.web.search.mailList.flow'));
    const cookie = warm.headers.get('set-cookie')!.split(';')[0]!;
    const body = (await (await postForm(url('beijing', listPath), form, { cookie })).json()) as { PageCond: { count: number }; mailList: Array<Record<string, unknown>> };
    expect(body.PageCond.count).toBeGreaterThanOrEqual(3000);
    expect(body.mailList).toHaveLength(6);
    const row = body.mailList[0]!;
    expect(String(row.original_id)).toMatch(/^AH\d{11}$/);
    const flow = { 咨询: 'com.web.consult.consultDetail.flow', 建议: 'com.web.suggest.suggesDetail.flow', 投诉: 'com.web.complain.complainDetail.flow' }[String(row.letter_type)]!;
    const $ = load(await (await fetch(url('beijing', `/hudong/hdjl/${flow}?originalId=${String(row.original_id)}`))).text());
    expect($('div.row.clearfix.my-5.o-border.p-2').length).toBeGreaterThanOrEqual(1);
    expect($('div.col-xs-10.col-lg-3.col-sm-3.col-md-4.text-muted').text()).toMatch(/^来信人：/);
    expect($('div.col-xs-12.col-md-12.column.p-2.text-muted.mx-2').text().length).toBeGreaterThan(10);
  });
});

describe('Traditional-script board', () => {
  it('serves Traditional text with inline pinyin and doubled punctuation', async () => {
    let text = '';
    const list = load(await (await fetch(url('trad-board', '/forum/list.php?page=1'))).text());
    const links = list('td.subject a').map((_k, a) => list(a).attr('href')).get().slice(0, 20);
    for (const href of links) text += load(await (await fetch(url('trad-board', `/forum/${href}`))).text())('div.post-body').text();
    expect(text).toMatch(/[來區問題請業處學電樓費維修違醫保噪路工資]\([a-zāáǎàēéěèīíǐìōóǒòūúǔù]+\)/);
    expect(text).toMatch(/，，|。。/);
    expect(text).toMatch(/[這過時業問題請]/);
  });
});
