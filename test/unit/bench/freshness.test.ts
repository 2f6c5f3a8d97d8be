/**
 * Invariants of the freshness model (bench/freshness): every policy keeps to the request
 * budget, no delay is negative, and a seed fixes the result.
 */
import { describe, expect, it } from 'vitest';

import { benchFreshness, POLICIES, simulatePolicy, type FreshnessOptions } from '../../../bench/freshness/model.js';
import { DAY, listPage, makeWorld, MinHeap } from '../../../bench/freshness/world.js';

const small: Partial<FreshnessOptions> = { seed: 3, boards: 40, hosts: 2, historyMs: 20 * DAY, warmupMs: DAY, endMs: 3 * DAY, drainMs: DAY, gapMs: 2000 };

describe('freshness model', () => {
  const { options, results } = benchFreshness(small);

  it('runs every policy within one request per gapMs per host', () => {
    expect(results.map((r) => r.policy)).toEqual(POLICIES);
    for (const r of results) {
      expect(r.minGapMs, r.policy).toBeGreaterThanOrEqual(options.gapMs - 1e-6);
      expect(r.maxHostRequests, r.policy).toBeLessThanOrEqual(r.budgetPerHost);
      expect(r.spent.list + r.spent.detail + r.spent.revisit, r.policy).toBe(r.requests);
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
});
