import { describe, expect, it, vi } from 'vitest';

import {
  ALLOW_ALL,
  crawlDelayMs,
  DISALLOW_ALL,
  isAllowed,
  parseRobots,
  patternMatches,
  RobotsCache,
  rulesAfterFailure,
} from '../../../src/fetch/robots.js';
import { NotFoundError, TransientFetchError } from '../../../src/shared/errors.js';

const ROBOTS = `
# comment
User-agent: *
Disallow: /admin
Disallow: /search?
Allow: /admin/public
Crawl-delay: 2

User-agent: wenzheng-bot
User-agent: other-bot
Disallow: /private
Allow: /private/ok$
Disallow: /*.php$
`;
const rules = parseRobots(ROBOTS);
const base = 'https://bbs.example.cn';

describe('patternMatches', () => {
  it('supports * and $', () => {
    expect(patternMatches('/a*c', '/abbbc/d')).toBe(true);
    expect(patternMatches('/*.php$', '/x/index.php')).toBe(true);
    expect(patternMatches('/*.php$', '/x/index.php?a=1')).toBe(false);
    expect(patternMatches('/a.b', '/axb')).toBe(false);
  });
});

describe('isAllowed', () => {
  it('applies the * group to unknown agents, longest match wins', () => {
    expect(isAllowed(rules, `${base}/admin/x`, 'SomeBot/1.0')).toBe(false);
    expect(isAllowed(rules, `${base}/admin/public/a`, 'SomeBot/1.0')).toBe(true);
    expect(isAllowed(rules, `${base}/search?q=1`, 'SomeBot/1.0')).toBe(false);
    expect(isAllowed(rules, `${base}/threads`, 'SomeBot/1.0')).toBe(true);
  });

  it('uses the named group for its agent only (groups are not merged with *)', () => {
    expect(isAllowed(rules, `${base}/admin/x`, 'wenzheng-bot/0.1 (+https://x)')).toBe(true);
    expect(isAllowed(rules, `${base}/private/a`, 'wenzheng-bot/0.1')).toBe(false);
    expect(isAllowed(rules, `${base}/private/ok`, 'wenzheng-bot/0.1')).toBe(true);
    expect(isAllowed(rules, `${base}/a/b.php`, 'Other-Bot')).toBe(false);
  });

  it('prefers Allow on equal-length ties and always allows /robots.txt', () => {
    const tie = parseRobots('User-agent: *\nDisallow: /page\nAllow: /page');
    expect(isAllowed(tie, `${base}/page`, 'x')).toBe(true);
    expect(isAllowed(DISALLOW_ALL, `${base}/robots.txt`, 'x')).toBe(true);
    expect(isAllowed(DISALLOW_ALL, `${base}/`, 'x')).toBe(false);
    expect(isAllowed(ALLOW_ALL, `${base}/anything`, 'x')).toBe(true);
  });

  it('reads Crawl-delay', () => {
    expect(crawlDelayMs(rules, 'SomeBot')).toBe(2000);
    expect(crawlDelayMs(rules, 'wenzheng-bot')).toBeUndefined();
  });
});

describe('rulesAfterFailure', () => {
  it('allows all on 4xx and disallows all when unreachable', () => {
    expect(rulesAfterFailure(new NotFoundError('x', { details: { status: 404 } }))).toBe(ALLOW_ALL);
    expect(rulesAfterFailure(new TransientFetchError('x', { details: { status: 503 } }))).toBe(DISALLOW_ALL);
    expect(rulesAfterFailure(new TransientFetchError('x'))).toBe(DISALLOW_ALL);
  });
});

describe('RobotsCache', () => {
  it('loads once per origin within the TTL and throws for disallowed URLs', async () => {
    let now = 0;
    const load = vi.fn(async (_url: string) => rules);
    const cache = new RobotsCache(load, { ttlMs: 1000, timer: { now: () => now, sleep: async () => undefined } });
    await cache.assertAllowed(`${base}/threads`, 'x');
    await expect(cache.assertAllowed(`${base}/admin`, 'x')).rejects.toMatchObject({ code: 'ERR_ROBOTS_DISALLOWED' });
    expect(load).toHaveBeenCalledTimes(1);
    expect(load).toHaveBeenCalledWith(`${base}/robots.txt`);
    now = 1500;
    await cache.rulesFor(`${base}/x`);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('does not cache a failed load', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('boom')).mockResolvedValue(ALLOW_ALL);
    const cache = new RobotsCache(load);
    await expect(cache.rulesFor(`${base}/`)).rejects.toThrow('boom');
    await expect(cache.rulesFor(`${base}/`)).resolves.toBe(ALLOW_ALL);
  });
});
