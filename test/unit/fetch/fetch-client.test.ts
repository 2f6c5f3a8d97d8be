import { describe, expect, it, vi } from 'vitest';

import { CookieJar } from '../../../src/fetch/cookie-jar.js';
import { FetchClient } from '../../../src/fetch/fetch-client.js';
import { HostQueues } from '../../../src/fetch/host-queues.js';
import type { HttpFetcher } from '../../../src/fetch/http-fetcher.js';
import { BlockedError, RateLimitedError, TransientFetchError } from '../../../src/shared/errors.js';
import type { FetchedPage } from '../../../src/shared/types.js';

const URL_A = 'http://a.example.cn/list';
const page: FetchedPage = {
  url: URL_A,
  finalUrl: URL_A,
  status: 200,
  headers: {},
  bytes: new Uint8Array(0),
  text: 'ok',
  charset: 'utf-8',
  fetchedAt: new Date(0),
};

/** A fetcher stub that fails with the given errors, then returns the page. */
function stubFetcher(failures: Error[]): { fetcher: HttpFetcher; fetch: ReturnType<typeof vi.fn> } {
  const queue = [...failures];
  const fetch = vi.fn(async () => {
    const next = queue.shift();
    if (next !== undefined) throw next;
    return page;
  });
  const fetcher = { fetch, cookieJar: new CookieJar(), resetSession: vi.fn() } as unknown as HttpFetcher;
  return { fetcher, fetch };
}

const instantTimer = { now: () => Date.now(), sleep: vi.fn(async () => undefined) };
const queues = (): HostQueues => new HostQueues({ minIntervalMs: 0, jitterMs: 0 });

describe('FetchClient', () => {
  it('rejects a malformed request as a skippable validation error', async () => {
    const { fetcher, fetch } = stubFetcher([]);
    const client = new FetchClient({ fetcher, queues: queues() });
    await expect(client.get({ url: 'not a url' })).rejects.toMatchObject({ name: 'RecordValidationError', disposition: 'skip' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('sleeps per the table between transient failures', async () => {
    const { fetcher, fetch } = stubFetcher([new TransientFetchError('x', { code: 'ERR_HTTP_5XX' })]);
    const timer = { ...instantTimer, sleep: vi.fn(async () => undefined) };
    const client = new FetchClient({ fetcher, queues: queues(), timer, random: () => 0.5 });
    await expect(client.get({ url: URL_A })).resolves.toBe(page);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(timer.sleep).toHaveBeenCalledWith(1000, undefined);
  });

  it('pauses the host and resets the session after a block, instead of sleeping', async () => {
    const { fetcher } = stubFetcher([new BlockedError('x')]);
    const q = queues();
    const pause = vi.spyOn(q, 'pauseHost').mockImplementation(() => undefined);
    const timer = { ...instantTimer, sleep: vi.fn(async () => undefined) };
    const client = new FetchClient({ fetcher, queues: q, timer, random: () => 0.5 });
    await client.get({ url: URL_A });
    expect(pause).toHaveBeenCalledWith('a.example.cn', 8000);
    expect(fetcher.resetSession).toHaveBeenCalledTimes(1);
    expect(timer.sleep).not.toHaveBeenCalled();
  });

  it('gives a too-long Retry-After back to the pipeline to defer', async () => {
    const { fetcher, fetch } = stubFetcher([new RateLimitedError('x', { retryAfterMs: 3_600_000 })]);
    const client = new FetchClient({ fetcher, queues: queues(), timer: instantTimer });
    await expect(client.get({ url: URL_A })).rejects.toMatchObject({ disposition: 'defer', retryAfterMs: 3_600_000 });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('solves a challenge once and hands its cookies to the jar', async () => {
    const marker = (): BlockedError => new BlockedError('challenge', { code: 'ERR_BLOCKED_MARKER' });
    const { fetcher, fetch } = stubFetcher([marker()]);
    const solve = vi.fn(async () => [{ name: '__jsl_clearance', value: 'v', domain: 'a.example.cn', path: '/' }]);
    const client = new FetchClient({ fetcher, queues: queues(), challenge: { solve }, timer: instantTimer });
    await expect(client.get({ url: URL_A })).resolves.toBe(page);
    expect(solve).toHaveBeenCalledWith(URL_A);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fetcher.cookieJar.cookieHeader(URL_A)).toBe('__jsl_clearance=v');
  });
});
