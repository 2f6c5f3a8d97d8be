import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMessage } from '../../sim/core/message.js';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { LIUYAN_KEY, liuyanOrg, tidOf } from '../../sim/liuyan/board.js';

let sim: RunningSimulator;
let base: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, messagesPerBoard: 20_000 });
  base = sim.boards.liuyan!.baseUrl;
});
afterAll(async () => sim.close());

/** Oldest-first search for a message matching a predicate, via the world (ground truth). */
function findIndex(pred: (i: number) => boolean): number {
  for (let i = 0; i < 20_000; i++) if (pred(i)) return i;
  throw new Error('no such message');
}

async function page(tid: number): Promise<{ status: number; html: string }> {
  const res = await fetch(`${base}/threads/content?tid=${tid}`);
  return { status: res.status, html: await res.text() };
}

describe('liuyan detail page /threads/content', () => {
  it('renders a replied, evaluated thread with the §1.4 structure', async () => {
    const now = sim.clock.nowMs();
    const i = findIndex((k) => {
      const m = buildMessage(sim.world, LIUYAN_KEY, k, now, liuyanOrg);
      const life = sim.world.lifecycle(LIUYAN_KEY, k);
      return m.evaluation !== null && m.replies.length === 2 && life.deletedAt === null;
    });
    const msg = buildMessage(sim.world, LIUYAN_KEY, i, now, liuyanOrg);
    const { status, html } = await page(tidOf(i));
    expect(status).toBe(200);
    const $ = load(html);
    expect($('title').text()).toMatch(/^.+ - .+ - 领导留言板 - 人民网$/);
    expect($('div.path_2j.w1200.grey2 a').first().text()).toBe('领导留言板');
    expect($('div.path_2j.w1200.grey2 i').text()).toBeTruthy();
    const box = $('div.liuyan_box03.w1200.clearfix');
    expect(box.find('h2 > b > span.context-title-text').text()).toBe(msg.petition.title);
    expect(box.find('em.green').text()).toBe('已办理');
    expect(box.find('em.domainType').last().text()).toBe(msg.petition.typeName);
    expect(box.find('h3.fl.grey2.clearfix > span').text()).toMatch(/^\S+\u00a0+\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(box.find('p.zoom.content').html()).toContain('<br>');
    expect($('div.liuyan_box04').length).toBe(1);
    const replies = $('div.liuyan_box05 li.reply');
    expect(replies.length).toBe(2);
    expect(replies.first().find('span.title').text()).toBe('回复');
    expect(replies.first().find('h3 > i.red').text()).toBe(msg.replies[0]!.org);
    expect(replies.first().find('p.zoom').text().startsWith('\u3000\u3000')).toBe(true);
    expect(replies.first().find('h3 > em.grey2').text()).toMatch(/^回复时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const ev = $('div.liuyan_box05 li.comments');
    expect(ev.find('span.title').text()).toBe('评价');
    expect(['很满意', '满意', '基本满意', '不满意', '很不满意']).toContain(ev.find('div.sec-score > span.sec-score_firstspan').text());
    expect(ev.find('img[class^="i-"]').length).toBe(5);
    expect(ev.find('span.wrapSpan').map((_k, el) => $(el).contents().first().text()).get()).toEqual(['解决程度:', '办理态度:', '办理速度:']);
    expect(ev.find('span.red.back_info').first().text()).toMatch(/^[1-5]分$/);
    expect(ev.find('em.grey2').text()).toMatch(/^评价时间：/);
  });

  it('marks pending threads red and has no reply items', async () => {
    const count = sim.world.board(LIUYAN_KEY).timeline.countAt(sim.clock.nowMs());
    const { html } = await page(tidOf(count - 1));
    const $ = load(html);
    expect($('div.liuyan_box03 em.red').text()).toBe('待回复');
    expect($('li.reply').length).toBe(0);
  });

  it('shows the not-found page for unknown, future and deleted tids', async () => {
    const now = sim.clock.nowMs();
    const count = sim.world.board(LIUYAN_KEY).timeline.countAt(now);
    const deleted = findIndex((k) => {
      const d = sim.world.lifecycle(LIUYAN_KEY, k).deletedAt;
      return d !== null && d < now;
    });
    for (const tid of [123, tidOf(count + 5), tidOf(deleted)]) {
      const { status, html } = await page(tid);
      expect(status).toBe(404);
      expect(html).toContain('页面找不到了！');
    }
  });
});
