import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ErrorSnapshotter } from '../../../src/fetch/error-snapshots.js';
import { FetchClient, type FetchClientDeps } from '../../../src/fetch/fetch-client.js';
import { HostQueues, type HostPolicyInput } from '../../../src/fetch/host-queues.js';
import { HttpFetcher } from '../../../src/fetch/http-fetcher.js';
import { defaultRetryPolicy, withOverrides } from '../../../src/fetch/retry-policy.js';
import { type FixtureServer, startFixtureServer } from '../../helpers/fixture-server.js';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({ robotsTxt: 'User-agent: *\nDisallow: /_status/\n' });
});
afterAll(async () => {
  await server.close();
});

// Fast rows so retries take milliseconds; the shape of the table is the default one.
const fastPolicy = withOverrides(defaultRetryPolicy, {
  byCode: { ERR_HTTP_5XX: { retry: true, limit: 3, baseDelayMs: 20, maxDelayMs: 100 } },
});
const noGap: HostPolicyInput = { minIntervalMs: 0, jitterMs: 0 };

function client(overrides: Partial<FetchClientDeps> = {}, hostPolicy: HostPolicyInput = noGap): FetchClient {
  return new FetchClient({ fetcher: new HttpFetcher(), queues: new HostQueues(hostPolicy), policy: fastPolicy, ...overrides });
}

describe('FetchClient over real HTTP', () => {
  it('retries a flaky page to success, counting the attempts', async () => {
    const page = await client().get({ url: `${server.url}/_flaky/2` });
    expect(page.text).toContain('ok after 2 failures');
    expect(server.hits.count('/_flaky/2')).toBe(3);
  });

  it('gives up after the retry limit with the classified error', async () => {
    await expect(client().get({ url: `${server.url}/_flaky/10` })).rejects.toMatchObject({ code: 'ERR_HTTP_5XX' });
    expect(server.hits.count('/_flaky/10')).toBe(4);
  });

  it('does not retry a 404', async () => {
    await expect(client().get({ url: `${server.url}/_status/404?x=1` })).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(server.hits.get('/_status/404').filter((h) => h.search === '?x=1')).toHaveLength(1);
  });

  it('honours Retry-After: the retry comes no sooner than the server asked', async () => {
    const page = await client().get({ url: `${server.url}/_retry-after/1` });
    expect(page.status).toBe(200);
    const [first, second] = server.hits.times('/_retry-after/1');
    expect(second).toBeDefined();
    const gap = (second ?? 0) - (first ?? 0);
    expect(gap).toBeGreaterThanOrEqual(1000);
    expect(gap).toBeLessThan(2500); // the Retry-After (+ ≤20 % jitter), not the 8 s row backoff
  });

  it('opens the circuit after consecutive failures and stops calling the host', async () => {
    const queues = new HostQueues({ ...noGap, failureThreshold: 2, coolDownMs: 60_000 });
    const noRetry = withOverrides(defaultRetryPolicy, { byCode: { ERR_HTTP_5XX: { retry: false } } });
    const c = client({ queues, policy: noRetry });
    const url = `${server.url}/_status/503`;
    await expect(c.get({ url })).rejects.toMatchObject({ code: 'ERR_HTTP_5XX' });
    await expect(c.get({ url })).rejects.toMatchObject({ code: 'ERR_HTTP_5XX' });
    await expect(c.get({ url })).rejects.toMatchObject({ code: 'ERR_CIRCUIT_OPEN', disposition: 'defer' });
    await expect(c.get({ url: `${server.url}/_status/200` })).rejects.toMatchObject({ code: 'ERR_CIRCUIT_OPEN' });
    expect(server.hits.count('/_status/503')).toBe(2);
    expect(queues.breakerState(new URL(server.url).host)).toBe('open');
  });

  it('keeps two clients sharing host queues under the per-host rate', async () => {
    const queues = new HostQueues({ minIntervalMs: 200, jitterMs: 0 });
    const a = client({ queues, fetcher: new HttpFetcher() });
    const b = client({ queues, fetcher: new HttpFetcher() });
    const urls = (tag: string): string[] => Array.from({ length: 4 }, (_, i) => `${server.url}/_cookie?${tag}=${i}`);
    const started = Date.now();
    await Promise.all([...urls('a').map((url) => a.get({ url })), ...urls('b').map((url) => b.get({ url }))]);
    const times = server.hits.times('/_cookie').filter((t) => t >= started);
    expect(times).toHaveLength(8);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    // Starts are spaced exactly on the client; arrival at the server adds a little latency
    // noise per request, hence the small tolerance on single gaps but not on the average.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(200 - 60);
    const span = (times.at(-1) ?? 0) - (times[0] ?? 0);
    expect(span / gaps.length).toBeGreaterThanOrEqual(200 - 5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(7 * 200);
  });

  it('honours robots.txt when asked', async () => {
    const polite = client({ robots: { userAgent: 'wenzheng-bot/0.1' } });
    await expect(polite.get({ url: `${server.url}/_status/200` })).rejects.toMatchObject({ code: 'ERR_ROBOTS_DISALLOWED' });
    await expect(polite.get({ url: `${server.url}/_cookie` })).resolves.toMatchObject({ status: 200 });
    expect(server.hits.count('/robots.txt')).toBe(1);
  });

  it('saves one snapshot per error code per source', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fetch-snapshots-'));
    try {
      const noRetry = withOverrides(defaultRetryPolicy, { byCode: { ERR_BLOCKED_STATUS: { retry: false } } });
      const c = client({ policy: noRetry, snapshots: new ErrorSnapshotter(dir), sourceId: 'example-board' });
      await expect(c.get({ url: `${server.url}/_blocked` })).rejects.toMatchObject({ code: 'ERR_BLOCKED_STATUS' });
      await expect(c.get({ url: `${server.url}/_blocked` })).rejects.toMatchObject({ code: 'ERR_BLOCKED_STATUS' });
      const files = await readdir(join(dir, 'example-board'));
      expect(files.filter((f) => f.endsWith('.bin'))).toHaveLength(1);
      expect(files.filter((f) => f.endsWith('.meta.json'))).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
