import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { LIUYAN_KEY, tidOf } from '../../sim/liuyan/board.js';
import { admin, DAY_MS, postForm } from './sim-client.js';

let sim: RunningSimulator;
const base = (): string => sim.boards.liuyan!.baseUrl;

beforeAll(async () => {
  sim = await startSimulator({ seed: 21, messagesPerBoard: 5_000, duplicates: { repostRate: 0.05, crossPostRate: 0.05 } });
});
afterAll(async () => sim.close());

async function newestTid(fid: number): Promise<number> {
  const body = (await (await postForm(`${base()}/threads/queryThreadsList`, { fid, lastItem: 0 })).json()) as { responseData: Array<{ tid: number }> };
  return body.responseData[0]!.tid;
}

async function detailStatus(tid: number): Promise<{ status: number; state: string; replies: number; evaluated: boolean }> {
  const res = await fetch(`${base()}/threads/content?tid=${tid}`);
  const $ = load(await res.text());
  return { status: res.status, state: $('div.liuyan_box03 h2 em').first().text(), replies: $('li.reply').length, evaluated: $('li.comments').length === 1 };
}

describe('simulated time', () => {
  it('shows new posts after the clock advances', async () => {
    const before = await newestTid(14);
    const clock = (await admin(sim.adminUrl, '/_admin/clock', { advanceMs: 6 * 3_600_000 })) as { nowMs: number };
    expect(clock.nowMs).toBe(sim.clock.nowMs());
    const after = await newestTid(14);
    expect(after).toBeGreaterThan(before);
    const boards = (await admin(sim.adminUrl, '/_admin/boards')) as Record<string, { posted: number }>;
    expect(boards.liuyan!.posted).toBeGreaterThan(5_000 + 6 * 100);
  });

  it('moves a post 待回复 → 办理中 → 已办理 and adds replies and the evaluation later', async () => {
    const now = sim.clock.nowMs();
    const posted = sim.world.board(LIUYAN_KEY).timeline.countAt(now);
    let i = posted - 1;
    const lifeOf = (k: number) => sim.world.lifecycle(LIUYAN_KEY, k);
    while (!(lifeOf(i).claimAt > now && lifeOf(i).evalAt !== null && lifeOf(i).deletedAt === null)) i--;
    const life = lifeOf(i);
    const tid = tidOf(i);
    expect(await detailStatus(tid)).toMatchObject({ status: 200, state: '待回复', replies: 0 });
    await admin(sim.adminUrl, '/_admin/clock', { set: Math.ceil(life.claimAt) + 1 });
    expect(await detailStatus(tid)).toMatchObject({ state: '办理中', replies: 0 });
    await admin(sim.adminUrl, '/_admin/clock', { set: new Date(Math.ceil(life.replyAts[0]!) + 1).toISOString() });
    expect(await detailStatus(tid)).toMatchObject({ state: '已办理', replies: 1, evaluated: false });
    await admin(sim.adminUrl, '/_admin/clock', { set: Math.ceil(life.evalAt!) + 1 });
    const final = await detailStatus(tid);
    expect(final.replies).toBe(life.replyAts.filter((t) => t <= life.evalAt! + 1).length);
    expect(final.evaluated).toBe(true);
  });

  it('removes posts when their deletion time passes', async () => {
    const now = sim.clock.nowMs();
    let i = sim.world.board(LIUYAN_KEY).timeline.countAt(now) - 1;
    while (!((sim.world.lifecycle(LIUYAN_KEY, i).deletedAt ?? 0) > now)) i--;
    expect((await detailStatus(tidOf(i))).status).toBe(200);
    await admin(sim.adminUrl, '/_admin/clock', { advanceMs: 41 * DAY_MS });
    const gone = await fetch(`${base()}/threads/content?tid=${tidOf(i)}`);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('页面找不到了！');
  });
});

describe('ground truth', () => {
  interface Truth { groups: Array<{ members: Array<{ board: string; externalId: string; kind: string }> }> }

  it('lists groups of reposts and cross-posts, each with one original', async () => {
    const truth = (await admin(sim.adminUrl, '/_admin/truth?newest=3000')) as Truth;
    expect(truth.groups.length).toBeGreaterThan(20);
    for (const g of truth.groups) {
      expect(g.members.filter((m) => m.kind === 'original')).toHaveLength(1);
      expect(g.members.length).toBeGreaterThanOrEqual(2);
    }
    const kinds = new Set(truth.groups.flatMap((g) => g.members.map((m) => m.kind)));
    expect(kinds).toEqual(new Set(['original', 'repost', 'cross-post']));
    const crossBoard = truth.groups.find((g) => new Set(g.members.map((m) => m.board)).size > 1);
    expect(crossBoard).toBeDefined();
  });

  it('gives duplicates the same issue text (reposts lightly edited)', async () => {
    const truth = (await admin(sim.adminUrl, '/_admin/truth?board=liuyan&newest=3000')) as Truth;
    const repost = truth.groups.find((g) => g.members.some((m) => m.kind === 'repost'))!;
    const [orig, copy] = [repost.members.find((m) => m.kind === 'original')!, repost.members.find((m) => m.kind === 'repost')!];
    const text = (m: { board: string; externalId: string }): string => {
      const i = sim.world.board(m.board).indexOf(m.externalId)!;
      return sim.world.petitionOf(m.board, i).paragraphs.join('');
    };
    const a = text(orig);
    const b = text(copy);
    expect(b).not.toBe(a);
    expect(b.includes(a.slice(-20)) || a.includes(b.slice(-20))).toBe(true);
    const info = (await admin(sim.adminUrl, `/_admin/message?board=liuyan&externalId=${copy.externalId}`)) as { origin: { externalId: string; kind: string } };
    expect(info.origin).toMatchObject({ externalId: orig.externalId, kind: 'repost' });
  });
});
