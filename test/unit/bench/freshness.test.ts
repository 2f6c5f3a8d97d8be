/**
 * Invariants of the freshness model (bench/freshness): every policy keeps to the request
 * budget, no delay is negative, and a seed fixes the result.
 */
import { describe, expect, it } from 'vitest';

import { benchFreshness, defaultFreshnessOptions, POLICIES, simulatePolicy, type FreshnessOptions } from '../../../bench/freshness/model.js';
import { oursPolicy, PROPOSED, type Observer } from '../../../bench/freshness/policies.js';
import { DAY, HOUR, hourOfWeek, listPage, makeWorld, MinHeap, POSTING_SHARES, weeklyProfile } from '../../../bench/freshness/world.js';

const small: Partial<FreshnessOptions> = { seed: 3, boards: 40, hosts: 2, historyMs: 20 * DAY, warmupMs: DAY, endMs: 3 * DAY, drainMs: DAY, gapMs: 2000 };

describe('freshness model', () => {
  const { options, results } = benchFreshness(small);

  it('runs every policy within one request per gapMs per host', () => {
    expect(results.map((r) => r.policy)).toEqual(POLICIES);
    for (const r of results) {
      expect(r.minGapMs, r.policy).toBeGreaterThanOrEqual(options.gapMs - 1e-6);
      expect(r.maxHostRequests, r.policy).toBeLessThanOrEqual(r.budgetPerHost);
      expect(r.spent.list + r.spent.detail + r.spent.revisit + r.spent.idle, r.policy).toBe(r.requests);
    }
  });

  it('never reports a negative delay, and percentiles are ordered', () => {
    for (const r of results) {
      for (const s of [r.posts, r.replies]) {
        expect(s.p50, r.policy).toBeGreaterThanOrEqual(0);
        expect(s.p90, r.policy).toBeGreaterThanOrEqual(s.p50);
        expect(s.captured).toBeGreaterThanOrEqual(0);
        expect(s.captured).toBeLessThanOrEqual(1);
      }
      expect(r.posts.count, r.policy).toBeGreaterThan(0);
    }
  });

  it('a site-wide feed finds new posts with a fraction of the list requests per-board lists need', () => {
    const perBoard = results.find((r) => r.policy === 'ours')!;
    const feed = results.find((r) => r.policy === 'ours-feed')!;
    expect(feed.posts.captured).toBe(1);
    expect(feed.spent.list).toBeLessThan(perBoard.spent.list / 5);
    expect(feed.posts.p90).toBeLessThan(perBoard.posts.p90);
  });

  it('status sweeps see replies and ratings sooner at the same budget and lose no post', () => {
    const world = makeWorld({ ...defaultFreshnessOptions, ...small, endMs: (small.endMs ?? 0) + (small.drainMs ?? 0) });
    // One request per 10 s: re-visits alone cannot look at every open message often.
    const o = { ...defaultFreshnessOptions, ...small, hosts: 1, gapMs: 10_000 };
    const statusSweep = { everyMs: 3 * HOUR, windowMs: 60 * DAY, ratings: true };
    const plain = simulatePolicy(world, 'ours-feed', o);
    const swept = simulatePolicy(world, 'ours-feed', o, { src: { statusSweep } });
    expect(swept.requests).toBe(plain.requests);
    expect(swept.posts.captured).toBe(1);
    expect(swept.replies.p90).toBeLessThan(plain.replies.p90 / 2);
    expect(swept.ratings.p90).toBeLessThan(plain.ratings.p90 / 2);
    expect(() => simulatePolicy(world, 'ours', o, { src: { statusSweep } })).toThrow(/feed/);
  });

  it('a list sweep pages on to its watermark, so posts that slide a page down while it runs are not skipped', () => {
    // One busy board, five rows a page, a request per 10 s: a post or two arrives between
    // one page and the next, so page 2 starts with posts page 1 already had.
    const o = { ...defaultFreshnessOptions, seed: 5, boards: 1, hosts: 1, historyMs: 2 * DAY, warmupMs: DAY / 4, endMs: DAY, drainMs: DAY / 2, gapMs: 10_000, medianPostsPerDay: 3000, rateSigma: 0 };
    const world = makeWorld({ ...o, endMs: o.endMs + o.drainMs });
    const r = simulatePolicy(world, 'ours-feed', o, { src: { feedRows: 5 } });
    expect(r.posts.count).toBeGreaterThan(1000);
    expect(r.posts.captured).toBe(1);
  });

  it('round-robin without re-visits never sees a reply it did not find on the first fetch', () => {
    const rr = results.find((r) => r.policy === 'rr');
    // Replies in the window are on posts already stored before they came: only re-visits see them.
    expect(rr?.replies.captured).toBeLessThan(0.05);
  });

  it('is deterministic for a seed and changes with it', () => {
    expect(benchFreshness(small).results).toEqual(results);
    const world = makeWorld({ ...options, seed: 4 });
    expect(simulatePolicy(world, 'rr', { ...options, seed: 4 }).posts).not.toEqual(results.find((r) => r.policy === 'rr')?.posts);
  });

  it('serves list pages newest first', () => {
    const world = makeWorld(options);
    const page = listPage(world, 0, 0, 1, 15);
    const times = page.map((id) => world.postedAt[id] ?? 0);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(times.every((t) => t <= 0)).toBe(true);
  });

  it('MinHeap pops in key order', () => {
    const h = new MinHeap();
    const keys = [5, 1, 9, 3, 3, 7, 0, 2];
    keys.forEach((k, i) => h.push(k, i));
    const out: number[] = [];
    while (h.size > 0) {
      out.push(h.peekKey());
      h.pop();
    }
    expect(out).toEqual([...keys].sort((a, b) => a - b));
  });

  it('weekly posting profile has mean 1 and follows the measured shares', () => {
    const p = weeklyProfile(POSTING_SHARES);
    expect(p).toHaveLength(168);
    expect(p.reduce((a, b) => a + b, 0) / 168).toBeCloseTo(1, 9);
    // Tuesday 10:00 is the busiest hour of the shares, Saturday 04:00 among the quietest.
    expect(Math.max(...p)).toBe(p[24 + 10]);
    expect(p[5 * 24 + 4]).toBeLessThan(0.1);
    expect(hourOfWeek(-HOUR)).toBe(167);
  });

  it("draws posts by the profile without changing a board's mean rate", () => {
    const base = { ...options, boards: 30, historyMs: 28 * DAY, endMs: 0 };
    const flat = makeWorld({ ...base, profile: null });
    const weekly = makeWorld({ ...base, profile: weeklyProfile(POSTING_SHARES) });
    // Each world against its own boards' mean rates (the draws differ between the two).
    for (const w of [flat, weekly]) {
      const expected = w.rate.reduce((a, r) => a + r * base.historyMs, 0);
      expect(w.postedAt.length / expected).toBeGreaterThan(0.95);
      expect(w.postedAt.length / expected).toBeLessThan(1.05);
    }
    const share = (w: typeof flat, hours: (h: number) => boolean) => Array.from(w.postedAt).filter((t) => hours(hourOfWeek(t) % 24)).length / w.postedAt.length;
    // 02:00-06:00 holds 1.2% of the measured posts; a flat world puts 1/6 of them there.
    expect(share(weekly, (h) => h >= 2 && h < 6)).toBeLessThan(0.03);
    expect(share(flat, (h) => h >= 2 && h < 6)).toBeGreaterThan(0.14);
  });

  it('the proposed policy gives re-visits the quiet hours and list sweeps the busy ones', () => {
    const o = { ...defaultFreshnessOptions, boards: 60, historyMs: 30 * DAY, endMs: 7 * DAY };
    const world = makeWorld(o);
    const spent = { day: { list: 0, revisit: 0 }, night: { list: 0, revisit: 0 } };
    let now = 0;
    const obs: Observer = {
      storedPost: () => undefined,
      sawReply: () => undefined,
      sawRating: () => undefined,
      spent: (kind) => {
        if (kind === 'detail' || kind === 'idle') return;
        const h = hourOfWeek(now) % 24;
        spent[h < 6 ? 'night' : 'day'][kind]++;
      },
    };
    let phase = 0;
    const policy = oursPolicy(world, Array.from({ length: 60 }, (_v, b) => b), obs, new Uint8Array(world.postedAt.length), () => (phase = (phase + 0.618) % 1), PROPOSED);
    for (now = 0; now < o.endMs; now += o.gapMs) policy.step(now);
    const nightShare = spent.night.revisit / (spent.night.revisit + spent.night.list);
    const dayShare = spent.day.revisit / (spent.day.revisit + spent.day.list);
    expect(nightShare).toBeGreaterThan(0.6);
    expect(dayShare).toBeLessThan(0.35);
    expect(nightShare).toBeGreaterThan(2 * dayShare);
  });

  it('draws reply delays like the simulator or like the real 泰迪杯 answers', () => {
    const delays = (replies: 'simulator' | 'tipdm'): number[] => {
      const w = makeWorld({ ...defaultFreshnessOptions, boards: 200, historyMs: 0, endMs: 20 * DAY, replies });
      return Array.from(w.postedAt, (t, id) => (w.replyAt[id] ?? Infinity) - t)
        .filter(Number.isFinite)
        .sort((a, b) => a - b);
    };
    const q = (sorted: number[], p: number) => sorted[Math.floor(p * sorted.length)]! / DAY;
    const sim = delays('simulator');
    expect(sim[0]! / DAY).toBeGreaterThanOrEqual(2.3);
    expect(sim.at(-1)! / DAY).toBeLessThanOrEqual(35);
    const real = delays('tipdm');
    expect(real.length).toBeGreaterThan(5000);
    expect(q(real, 0.5)).toBeGreaterThan(10);
    expect(q(real, 0.5)).toBeLessThan(12.5);
    expect(q(real, 0.9)).toBeGreaterThan(36);
    expect(q(real, 0.9)).toBeLessThan(46);
    // Unlike the simulator, some answers come within two days.
    expect(q(real, 0.02)).toBeLessThan(2.3);
  });
});

