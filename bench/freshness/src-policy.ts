/**
 * `ours`: what the daemon in src/ does today, step for step in the model's slots.
 * - Each list is swept when its `nextSweepAt` comes: src/frontier/list-schedule.ts
 *   `sweepInterval` on the rate estimate `updateRate` keeps (unknown at first: 10 min), at
 *   the hour of the week of the sweep. A page full of unseen posts is followed by the next.
 * - Detail pages of new posts come first; then due re-visits in due order
 *   (src/pipeline/revisit.ts `nextVisit`, default policy).
 * - A slot with nothing due stays unused: the daemon does not sweep early.
 */
import { defaultListSchedule, sweepInterval, updateRate } from '../../src/frontier/list-schedule.js';
import { defaultRevisitPolicy, nextVisit } from '../../src/pipeline/revisit.js';
import { asMessage, backfilled, fetchDetail, PAGE_SIZE, visitsSoFar, type Observer, type Policy } from './policies.js';
import { listPage, MinHeap, type World } from './world.js';

/** Model time 0 is a Monday 00:00 in China time; this is one, for the schedule's clock. */
const MONDAY_CST = Date.parse('2026-11-23T00:00:00+08:00');

interface ListState {
  rate: number | null;
  sweptAt: number;
  /** Rate before the sweep in progress, and the posts it has found so far. */
  before: number | null;
  found: number;
}

export function srcPolicy(world: World, boards: readonly number[], obs: Observer, seen: Uint8Array, phase: () => number, schedule = defaultListSchedule): Policy {
  const details: Array<number | { board: number; page: number }> = [];
  const revisits = new MinHeap();
  const visits = new Map<number, number>();
  const due = new MinHeap();
  const lists = new Map<number, ListState>();
  const at = (t: number): Date => new Date(MONDAY_CST + t);
  for (const id of backfilled(world, boards, seen)) {
    const n = visitsSoFar(-(world.postedAt[id] ?? 0));
    visits.set(id, n);
    const next = nextVisit(asMessage(world, id, (world.replyAt[id] ?? Infinity) <= 0, (world.evalAt[id] ?? Infinity) <= 0), n, new Date(0));
    if (next) revisits.push(next.getTime() * phase(), id);
  }
  // The backfill finished at time 0; no incremental sweep has measured a rate yet.
  for (const b of boards) {
    lists.set(b, { rate: null, sweptAt: 0, before: null, found: 0 });
    due.push(phase() * sweepInterval(null, at(0), schedule), b);
  }
  const sweep = (b: number, page: number, now: number): void => {
    const s = lists.get(b) as ListState;
    if (page === 1) {
      s.before = s.rate;
      s.found = 0;
    }
    let fresh = 0;
    for (const id of listPage(world, b, now, page, PAGE_SIZE)) {
      if (seen[id]) continue;
      seen[id] = 1;
      fresh++;
      details.push(id);
    }
    s.found += fresh;
    if (fresh === PAGE_SIZE) return void details.push({ board: b, page: page + 1 });
    // The sweep reached known posts: measure the rate and schedule the next sweep.
    s.rate = updateRate(s.before, s.found, now - s.sweptAt, schedule);
    s.sweptAt = now;
    due.push(now + sweepInterval(s.rate, at(now), schedule), b);
  };
  return {
    step(now) {
      const next = details.shift();
      if (typeof next === 'number') return void (obs.spent('detail'), visit(next, now));
      if (next) return void (obs.spent('list'), sweep(next.board, next.page, now));
      if (due.peekKey() <= now) return void (obs.spent('list'), sweep(due.pop(), 1, now));
      if (revisits.peekKey() <= now) return void (obs.spent('revisit'), visit(revisits.pop(), now));
      obs.spent('idle');
    },
  };
  function visit(id: number, now: number): void {
    const { replied, rated } = fetchDetail(world, id, now, obs);
    const n = visits.get(id) ?? 0;
    visits.set(id, n + 1);
    const next = nextVisit(asMessage(world, id, replied, rated), n, new Date(now), defaultRevisitPolicy);
    if (next) revisits.push(next.getTime(), id);
    else visits.delete(id);
  }
}
