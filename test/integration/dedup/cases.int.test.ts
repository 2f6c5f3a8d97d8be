import { MongoClient } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';

import { CaseAssigner } from '../../../src/dedup/case-assigner.js';
import { CaseGraph } from '../../../src/store/case-graph.js';
import { CaseNumbers, formatCaseNumber } from '../../../src/store/case-numbers.js';
import { CaseRollup } from '../../../src/store/case-rollup.js';
import { FixedClock } from '../../../src/shared/clock.js';
import { CaseCollections, ensureCaseSchema, type CaseRecord, type DedupSignature } from '../../../src/store/case-schemas.js';
import { MessageRepository } from '../../../src/store/message-repository.js';
import { connectStore, ensureSchema } from '../../../src/store/mongo.js';
import { Collections, type EventRecord } from '../../../src/store/schemas.js';
import type { NormalizedMessage } from '../../../src/shared/types.js';
import { makeMessage } from '../../helpers/messages.js';
import { useTestDb } from '../../helpers/test-db.js';

const t = useTestDb('cases');
const clock = new FixedClock(new Date('2026-06-02T00:00:00Z'));

const ROAD = '建设路与人民路交叉口东侧的人行道砖块松动翘起已经半年，晚上路灯也不亮，上周有老人在这里摔倒骨折，多次拨打热线反映后只来看过一次，请交通局尽快安排维修。';
const WAGES = '我们是在高新区某装饰工程公司工地干活的工人共十二人，公司拖欠工资七个月合计约八万六千元，包工头联系不上，劳动监察大队说钱已拨给包工头，请人社部门督促支付。';
const TEMPLATE = '尊敬的领导您好！我是一名普通市民，长期以来一直关注我市的发展，非常感谢各位领导在百忙之中抽空阅读我的留言，祝您工作顺利、身体健康！';

async function store(m: NormalizedMessage, assigner = new CaseAssigner(t.db, clock), repo = new MessageRepository(t.db, clock)) {
  const res = await repo.upsert(m);
  return assigner.assign(m, res);
}

function caseDoc(id: string): Promise<CaseRecord | null> {
  return t.db.collection<CaseRecord>(CaseCollections.cases).findOne({ _id: id });
}

describe('case assignment', () => {
  beforeAll(async () => {
    await ensureSchema(t.db);
    await ensureCaseSchema(t.db);
  });

  it('a cross-post to another board joins the case and the roll-up shows both', async () => {
    const a = await store(makeMessage({ externalId: 'x1', title: '建设路人行道破损', body: ROAD }));
    expect(a.opened).toMatch(/^WZ-2026-\d{6}$/);
    const b = await store(makeMessage({ source: 'other-board', externalId: 'y1', board: { id: '7', name: '市长信箱' }, title: '建设路人行道破损', body: ROAD, postedAt: new Date('2026-06-01T08:00:00Z') }));
    expect(b.caseId).toBe(a.caseId);
    const doc = await caseDoc(a.caseId);
    expect(doc).toMatchObject({ state: 'open', messageCount: 2, sources: ['other-board', 'test-board'] });
    expect(doc?.boards).toHaveLength(2);
    expect(doc?.firstPostedAt?.toISOString()).toBe('2026-06-01T02:00:00.000Z');
  });

  it('a re-post weeks later with small edits joins; a reply updates status and replies', async () => {
    const first = await store(makeMessage({ externalId: 'w1', title: '拖欠农民工工资', body: WAGES }));
    clock.advance(30 * 86_400_000);
    const edited = `再次反映：之前反映过，至今未解决。${WAGES.replace('，包工头联系不上', '')}`;
    const reply = { org: '人社局', body: '已督促企业支付。', at: clock.now() };
    const again = await store(makeMessage({ externalId: 'w2', title: '再次反映拖欠农民工工资', body: edited, postedAt: clock.now(), status: { code: 'replied', raw: '已办理' }, replies: [reply] }));
    expect(again.caseId).toBe(first.caseId);
    const doc = await caseDoc(first.caseId);
    expect(doc).toMatchObject({ messageCount: 2, replies: { count: 1 }, status: { code: 'replied', messageId: 'test-board:w2' } });
    expect(doc?.replies.latest?.org).toBe('人社局');
  });

  it('a re-crawl with edits stays in its case and refreshes the roll-up', async () => {
    const text = '东方名苑地下车库入口的排水沟盖板全部断裂，车辆进出时轮胎经常卡进去，物业说没有维修资金，已经拖了四个多月。';
    const first = await store(makeMessage({ externalId: 'r1', title: '车库盖板', body: text }));
    const edited = await store(makeMessage({ externalId: 'r1', title: '车库盖板', body: `${text}补充：已有两辆车爆胎。`, status: { code: 'processing', raw: '办理中' } }));
    expect(edited.caseId).toBe(first.caseId);
    expect(edited.opened).toBeNull();
    expect((await caseDoc(first.caseId))?.status?.code).toBe('processing');
    const unchanged = await store(makeMessage({ externalId: 'r1', title: '车库盖板', body: `${text}补充：已有两辆车爆胎。`, status: { code: 'processing', raw: '办理中' } }));
    expect(unchanged).toMatchObject({ caseId: first.caseId, matches: [] });
  });

  it('two different messages sharing a long greeting template do not merge', async () => {
    const a = await store(makeMessage({ externalId: 't1', title: '反映问题', body: `${TEMPLATE}翠湖苑三号楼电梯坏了两周没人修。${TEMPLATE}` }));
    const b = await store(makeMessage({ externalId: 't2', title: '反映问题', body: `${TEMPLATE}学府路夜市油烟太大影响居民开窗。${TEMPLATE}` }));
    expect(a.caseId).not.toBe(b.caseId);
    expect(b.matches).toEqual([]);
  });

  it('petitions written from the same sentences about different villages open separate cases; a re-post of one joins it', async () => {
    const petition = (village: string, months: string) => `${village}村村务不公开，我们是${village}村的村民，向乡里反映过${months}个月都说在研究，请上级部门调查核实。`;
    const a = await store(makeMessage({ externalId: 'v1', title: '村务公开', body: petition('石桥', '5') }));
    const b = await store(makeMessage({ externalId: 'v2', title: '村务公开', body: petition('黄土', '4') }));
    expect(b.caseId).not.toBe(a.caseId);
    expect(b.matches).toEqual([]);
    const repost = await store(makeMessage({ externalId: 'v3', title: '再次反映村务公开', body: `之前反映过，至今未解决。${petition('黄土', '4')}` }));
    expect(repost.caseId).toBe(b.caseId);
  });

  it("a petitioner's follow-up in other words joins their case by author; under a masked nickname or another author it does not", async () => {
    // Synthetic texts sharing no LSH band key (Jaccard 0.18, containment 0.52): only the
    // author key proposes the pair (test/unit/dedup/author.test.ts checks the fixture). Each
    // probe gets its own original in its own city, since the probes are copies of each other
    // and would otherwise link by text; the region guard keeps the cities apart.
    const original = { title: '幸福里小区垃圾站臭味扰民', body: '幸福里小区北门的垃圾站每天早上六点才清运，夏天臭味很大，三号楼和五号楼的住户都不敢开窗，物业说归环卫所管，请城管局协调把垃圾站迁走或者加密清运。' };
    const followUp = { title: '再次反映', body: '北门的垃圾站还是每天早上六点才清运，住户都不敢开窗，请尽快处理。' };
    const probe = async (n: number, later: { source?: string; author: string }) => {
      const region = { province: '浙江省', city: `测试${n}市`, county: null, code: `33${String(n).padStart(2, '0')}00` };
      const first = await store(makeMessage({ externalId: `au${n}`, author: 'xingfuli_laowang', region, ...original }));
      const next = await store(makeMessage({ externalId: `au${n}b`, region, ...later, ...followUp, postedAt: new Date('2026-06-20T02:00:00Z') }));
      return { first, next };
    };
    for (const [n, later] of [[51, { author: '王***' }], [52, { author: 'zhaoliu88' }], [53, { source: 'board-b', author: 'xingfuli_laowang' }]] as const) {
      const { first, next } = await probe(n, later);
      expect(next.caseId, JSON.stringify(later)).not.toBe(first.caseId);
      expect(next.matches).toEqual([]);
    }
    const { first, next } = await probe(54, { author: ' XingFuLi_LaoWang ' });
    expect(next.caseId).toBe(first.caseId);
    expect(next.matches).toEqual(['test-board:au54']);
    expect(await caseDoc(first.caseId)).toMatchObject({ messageCount: 2 });
    // The signature keeps a hash of source and author, never the name.
    const sig = await t.db.collection<DedupSignature>(CaseCollections.dedupSignatures).findOne({ _id: 'test-board:au54b' });
    expect(sig?.authorKey).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(sig)).not.toMatch(/xingfuli/i);
  });

  it('a petitioner asking again under the same title joins their case however the body is worded; under another title it does not', async () => {
    const original = { title: '青石巷路灯不亮', body: '青石巷从巷口到小学后门的六盏路灯坏了两个月，晚上学生放学一片漆黑，已经有老人摔倒，请路灯管理所尽快维修。' };
    const again = { body: '上个月反映过这件事，到现在没有任何答复，天气越来越冷天黑得早，希望有关部门重视起来。' };
    const probe = async (n: number, title: string) => {
      const region = { province: '浙江省', city: `测试${n}市`, county: null, code: `33${String(n).padStart(2, '0')}00` };
      const first = await store(makeMessage({ externalId: `ti${n}`, author: 'qingshixiang_li', region, ...original }));
      const next = await store(makeMessage({ externalId: `ti${n}b`, author: 'qingshixiang_li', region, title, ...again, postedAt: new Date('2026-06-20T02:00:00Z') }));
      return { first, next };
    };
    const other = await probe(61, '路灯的事还是没人管');
    expect(other.next.caseId).not.toBe(other.first.caseId);
    const same = await probe(62, '青石巷路灯不亮！');
    expect(same.next.matches).toEqual(['test-board:ti62']);
    expect(same.next.caseId).toBe(same.first.caseId);
    const sig = await t.db.collection<DedupSignature>(CaseCollections.dedupSignatures).findOne({ _id: 'test-board:ti62b' });
    expect(sig?.titleKey).toMatch(/^[0-9a-f]{16}$/);
  });

  it('a bridging message merges two cases into the older one; the old number still resolves', async () => {
    const part1 = '和平新村北门外的排水管道堵塞，每逢下雨污水漫到小区门口，臭味很大，居民出入只能踩着砖头走。';
    const part2 = '另外小区东侧的垃圾站长期不清运，夏天蚊蝇滋生，附近幼儿园的孩子每天都要经过这里。';
    const a = await store(makeMessage({ externalId: 'b1', title: '排水', body: part1 }));
    const b = await store(makeMessage({ externalId: 'b2', title: '垃圾站', body: part2 }));
    expect(a.caseId).not.toBe(b.caseId);
    const bridge = await store(makeMessage({ externalId: 'b3', title: '排水和垃圾站', body: `${part1}${part2}` }));
    expect(bridge.caseId).toBe(a.caseId);
    expect(bridge.merges).toEqual([{ merged: b.caseId, into: a.caseId }]);
    const merged = await caseDoc(b.caseId);
    expect(merged).toMatchObject({ state: 'merged', mergedInto: a.caseId, messageCount: 0 });
    expect((await caseDoc(a.caseId))?.messageCount).toBe(3);
    const assigner = new CaseAssigner(t.db, clock);
    expect(await assigner.resolve(b.caseId)).toBe(a.caseId);
    expect(await assigner.resolve('test-board:b2')).toBe(a.caseId);
    const events = await t.db.collection<EventRecord>(Collections.events).find({ entity: 'case', entityId: b.caseId }).toArray();
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['case.created', 'case.merged']));
  });

  it('a message like a later member but not like the first message of the case opens its own case (no chaining)', async () => {
    const drains = '光明里小区南门的雨水井盖缺失了两个，晚上没有任何警示标志，前天一个骑电动车的邻居连人带车摔了进去。';
    const market = '另外小区西侧的早市占道经营越来越严重，摊位一直摆到机动车道上，早高峰公交车过不去只能停在路口等。';
    const first = await store(makeMessage({ externalId: 'c1', title: '井盖缺失', body: drains }));
    // Contains the first message: joins its case.
    const both = await store(makeMessage({ externalId: 'c2', title: '井盖和早市', body: `${drains}${market}` }));
    expect(both.caseId).toBe(first.caseId);
    // Contained in the second message but shares nothing with the first one.
    const marketOnly = await store(makeMessage({ externalId: 'c3', title: '早市占道', body: market }));
    expect(marketOnly.matches).toContain('test-board:c2');
    expect(marketOnly.caseId).not.toBe(first.caseId);
    expect(marketOnly.opened).toBe(marketOnly.caseId);
    expect((await caseDoc(first.caseId))?.messageCount).toBe(2);
  });

  it('a message that opens a case writes the case once, with its roll-up, and logs created then updated in one insert', async () => {
    // Command monitoring on a connection of its own, during the assignment only: the roll-up
    // goes in with the case and is checked, not refreshed (no second read of the case or its
    // claim, one merge lookup), and both events go into the log together.
    const client = new MongoClient(t.uri, { monitorCommands: true });
    const commands: string[] = [];
    const eventInserts: number[] = [];
    let watching = false;
    client.on('commandStarted', (e) => {
      if (!watching) return;
      const command = e.command as Record<string, unknown> & { documents?: unknown[] };
      commands.push(`${e.commandName} ${String(command[e.commandName])}`);
      if (command.insert === Collections.events) eventInserts.push(command.documents?.length ?? 0);
    });
    try {
      const db = client.db(t.name);
      const text = '青年路菜市场门口每天早上六点就有货车卸货，占道半条马路，喇叭声和叫卖声吵得周边住户无法休息，请城管部门规范卸货时间。';
      const m = makeMessage({ externalId: 'once1', title: '菜市场卸货扰民', body: text });
      const repo = new MessageRepository(db, clock);
      const assigner = new CaseAssigner(db, clock);
      // A first case teaches the assigner where the case numbers end.
      const warm = makeMessage({ externalId: 'once0', title: '路灯不亮', body: '滨河路北段的路灯已经坏了两个星期，晚上散步的老人看不清路，请路灯管理处尽快修复。' });
      await assigner.assign(warm, await repo.upsert(warm));
      const stored = await repo.upsert(m, { deferNewEvent: true });
      expect(stored.unlogged?.version).toBe(1);
      watching = true;
      const res = await assigner.assign(m, stored);
      watching = false;
      const count = (c: string) => commands.filter((x) => x === c).length;
      expect(count(`insert ${CaseCollections.cases}`)).toBe(1);
      expect(count(`update ${CaseCollections.cases}`)).toBe(0);
      // The number after the last it took is inserted without a probe.
      expect(count(`find ${CaseCollections.cases}`)).toBe(0);
      // The message is new to the store: no read of its claim before its own.
      expect(count(`find ${CaseCollections.caseMembers}`)).toBe(0);
      expect(count(`find ${CaseCollections.caseMerges}`)).toBe(1);
      // The roll-up it opens with comes from the version the store wrote; the check reads the message once.
      expect(count(`find ${Collections.messages}`)).toBe(1);
      // Its own claim took the member list's first slot: only the slot after it and the
      // merge list's first are read.
      expect(count(`find ${CaseCollections.caseIndex}`)).toBe(2);
      // The message's own event, left by the store, goes first in the same insert.
      expect(eventInserts).toEqual([3]);
      const doc = await caseDoc(res.caseId);
      expect(doc).toMatchObject({ state: 'open', messageCount: 1, messageIds: ['test-board:once1'], title: '菜市场卸货扰民' });
      const events = await t.db
        .collection<EventRecord>(Collections.events)
        .find({ entityId: { $in: [res.caseId, 'test-board:once1'] } })
        .sort({ seq: 1 })
        .toArray();
      expect(events.map((e) => e.type)).toEqual(['message.created', 'case.created', 'case.updated']);
      expect(events.map((e) => e.seq - (events[0]?.seq ?? 0))).toEqual([0, 1, 2]);
      expect((await repo.history('test-board', 'once1'))[0]?.evented).toBe(true);
      expect(await t.db.collection(Collections.unevented).countDocuments({ messageId: 'test-board:once1' })).toBe(0);
    } finally {
      await client.close();
    }
  });

  it("a new message that joins a case logs its own event and the case's update in one append, in that order", async () => {
    const repo = new MessageRepository(t.db, clock);
    const assigner = new CaseAssigner(t.db, clock);
    const text = '东风路与解放路路口的信号灯南北方向绿灯只有十五秒，早晚高峰车辆排到上一个路口，请交警部门调整配时。';
    const first = makeMessage({ externalId: 'join1', title: '信号灯配时不合理', body: text });
    const opened = await assigner.assign(first, await repo.upsert(first, { deferNewEvent: true }));
    const again = makeMessage({ source: 'other-board', externalId: 'join2', title: '信号灯配时不合理', body: text });
    const joined = await assigner.assign(again, await repo.upsert(again, { deferNewEvent: true }));
    expect(joined.caseId).toBe(opened.caseId);
    const events = await t.db
      .collection<EventRecord>(Collections.events)
      .find({ $or: [{ entityId: 'other-board:join2' }, { entityId: opened.caseId, version: 2 }] })
      .sort({ seq: 1 })
      .toArray();
    expect(events.map((e) => e.type)).toEqual(['message.created', 'case.updated']);
    expect((events[1]?.seq ?? 0) - (events[0]?.seq ?? 0)).toBe(1);
    expect((await repo.history('other-board', 'join2'))[0]?.evented).toBe(true);
  });

  it("a new message's roll-up from the version the store wrote equals the one read from its document", async () => {
    const repo = new MessageRepository(t.db, clock);
    const rollup = new CaseRollup(t.db, new CaseGraph(t.db));
    const rich = makeMessage({
      externalId: 'rich1',
      postedAt: null,
      board: { id: null, name: '市长信箱' },
      region: { province: '湖南省', city: null, county: null, code: null },
      status: { code: 'replied', raw: '已回复' },
      replies: [{ org: '住建局', body: '已安排维修。', at: null }, { org: '街道办', body: '已转办。', at: new Date('2026-06-01T08:00:00Z') }],
      evaluation: { label: 'satisfied', resolution: 5, attitude: 4, speed: null, text: '满意', at: new Date('2026-06-02T08:00:00Z') },
    });
    for (const m of [rich, makeMessage({ externalId: 'plain1' })]) {
      const stored = await repo.upsert(m);
      expect(stored.written?.version).toBe(1);
      const fromVersion = await rollup.ofSingle(stored.id, stored.written);
      expect(fromVersion).not.toBeNull();
      expect(fromVersion).toEqual(await rollup.ofSingle(stored.id));
    }
  });

  it('a case opened for one message is refreshed, not just checked, once it holds more or its message changed', async () => {
    const assigner = new CaseAssigner(t.db, clock);
    const repo = new MessageRepository(t.db, clock);
    const rollup = new CaseRollup(t.db, new CaseGraph(t.db));
    const text = '光明路二十号楼下的垃圾站三天没有清运，垃圾堆到路边，气味很大，请环卫部门按时清运并对垃圾站消毒。';
    const first = makeMessage({ externalId: 'single1', title: '垃圾站无人清运', body: text });
    const opened = await assigner.assign(first, await repo.upsert(first));
    const hash = (await caseDoc(opened.caseId))?.rollupHash ?? '';
    expect(await rollup.stillSingle(opened.caseId, 'test-board:single1', hash)).toBe(true);
    // The message got a reply: its roll-up fields changed, the stored roll-up is stale.
    await repo.upsert({ ...first, status: { code: 'replied', raw: '已办理' }, replies: [{ org: '环卫处', body: '已清运。', at: clock.now() }] });
    expect(await rollup.stillSingle(opened.caseId, 'test-board:single1', hash)).toBe(false);
    // Another message claimed into it, and a case merged into it: neither is a single-message case.
    const other = makeMessage({ externalId: 'single2', title: '另一条', body: '幸福路口的路灯坏了一个月，晚上一片漆黑，请路灯管理处尽快维修。' });
    const second = await assigner.assign(other, await repo.upsert(other));
    const graph = new CaseGraph(t.db);
    const secondHash = (await caseDoc(second.caseId))?.rollupHash ?? '';
    expect(await rollup.stillSingle(second.caseId, 'test-board:single2', secondHash)).toBe(true);
    await graph.claim('test-board:elsewhere', second.caseId, clock.now());
    expect(await rollup.stillSingle(second.caseId, 'test-board:single2', secondHash)).toBe(false);
    await graph.union(opened.caseId, second.caseId, clock.now(), []);
    expect(await rollup.stillSingle(opened.caseId, 'test-board:single1', (await caseDoc(opened.caseId))?.rollupHash ?? '')).toBe(false);
  });

  it('different messages assigned at once by one process take consecutive case numbers, each in one insert', async () => {
    const bodies = [
      '东湖街道菜市场门口的下水道堵了一个多月，污水漫到路面，摊贩和买菜的居民都要绕着走，夏天臭味很大，请环卫部门尽快疏通。',
      '我家孩子今年九月上小学，户口在本区但划片学校说学位已满，让我们去五公里外的学校报到，请教育局说明划片依据。',
      '城南工业园一家塑料厂每天夜里排放刺鼻气体，附近三个小区的住户晚上不敢开窗，向环保热线反映后仍未见处理。',
      '幸福里小区电梯今年已经停运四次，物业说维修基金申请不下来，楼上住着很多行动不便的老人，请住建部门协调。',
      '二十三路公交车晚上九点以后就没有车了，我们在开发区上夜班的工人只能打车回家，希望延长末班车时间。',
      '农商银行门口的人行横道没有红绿灯，车速很快，上个月有学生被撞伤，请交警部门设置信号灯或减速带。',
    ];
    const client = new MongoClient(t.uri, { monitorCommands: true });
    let inserts = 0;
    client.on('commandStarted', (e) => {
      if ((e.command as { insert?: string }).insert === CaseCollections.cases) inserts++;
    });
    try {
      const db = client.db(t.name);
      const assigner = new CaseAssigner(db, clock);
      const repo = new MessageRepository(db, clock);
      const results = await Promise.all(bodies.map((body, i) => store(makeMessage({ externalId: `burst${i}`, title: `留言${i}`, body }), assigner, repo)));
      const opened = results.map((r) => r.opened);
      expect(opened.every((id) => id !== null)).toBe(true);
      const seqs = opened.map((id) => Number(id?.slice(-6))).sort((a, b) => a - b);
      expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i));
      // Racing for the same number, the losers' inserts failed and were tried again.
      expect(inserts).toBe(bodies.length);
    } finally {
      await client.close();
    }
  });

  it('case numbers stay dense and unique when another process took the number after the one a process last took', async () => {
    const other = await connectStore(t.uri, t.name);
    const client = new MongoClient(t.uri, { monitorCommands: true });
    const aCommands: string[] = [];
    client.on('commandStarted', (e) => aCommands.push(`${e.commandName} ${String((e.command as Record<string, unknown>)[e.commandName])}`));
    try {
      // A year no other test opens cases in.
      const at = new Date('2031-03-01T00:00:00Z');
      const a = new CaseNumbers(client.db(t.name).collection<CaseRecord>(CaseCollections.cases));
      const b = new CaseNumbers(other.db.collection<CaseRecord>(CaseCollections.cases));
      const taken = [(await a.open(at))._id];
      for (let i = 0; i < 3; i++) taken.push((await b.open(at))._id);
      aCommands.length = 0;
      taken.push((await a.open(at))._id);
      // A tried the number after its own (B had it), then searched and took the next free one.
      expect(aCommands.filter((c) => c === `insert ${CaseCollections.cases}`)).toHaveLength(2);
      taken.push((await a.open(at))._id);
      expect(taken).toEqual([1, 2, 3, 4, 5, 6].map((n) => formatCaseNumber(2031, n)));
    } finally {
      await client.close();
      await other.close();
    }
  });

  it('concurrent near-duplicates from several connections end in one case', async () => {
    const body = '滨江小区门口的公交站被撤掉以后，最近的站点要走两公里，早高峰等车超过半小时，老人孩子出行非常不便，建议恢复原来的站点或者增设一个临时站点。';
    const conns = await Promise.all([0, 1, 2, 3].map(() => connectStore(t.uri, t.name)));
    try {
      const results = await Promise.all(
        conns.flatMap((c, i) => [0, 1].map((j) => {
          const m = makeMessage({ source: `s${i}`, externalId: `c${j}`, title: '公交站', body: j === 0 ? body : `${body}谢谢！` });
          return store(m, new CaseAssigner(c.db, clock), new MessageRepository(c.db, clock));
        })),
      );
      const assigner = new CaseAssigner(t.db, clock);
      const finals = new Set(await Promise.all(results.map((r) => assigner.resolve(r.caseId))));
      expect(finals.size).toBe(1);
      const [root] = [...finals];
      const doc = await caseDoc(root ?? '');
      expect(doc?.messageCount).toBe(8);
      const open = await t.db.collection<CaseRecord>(CaseCollections.cases).find({ state: 'open', messageIds: 's0:c0' }).toArray();
      expect(open).toHaveLength(1);
      const members = await t.db.collection(CaseCollections.caseMembers).countDocuments({ _id: { $in: results.map((_, k) => `s${Math.floor(k / 2)}:c${k % 2}`) } as never });
      expect(members).toBe(8);
    } finally {
      await Promise.all(conns.map((c) => c.close()));
    }
  });
});
