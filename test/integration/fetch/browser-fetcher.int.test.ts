import { existsSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BrowserFetcher } from '../../../src/fetch/browser-fetcher.js';
import { FetchClient } from '../../../src/fetch/fetch-client.js';
import { HostQueues } from '../../../src/fetch/host-queues.js';
import { HttpFetcher } from '../../../src/fetch/http-fetcher.js';
import { type FixtureServer, startFixtureServer } from '../../helpers/fixture-server.js';

// Never skipped: CI runs tools/install-chromium.sh first, and a missing browser must fail loudly.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: FixtureServer;
let browser: BrowserFetcher;
beforeAll(async () => {
  server = await startFixtureServer();
  browser = new BrowserFetcher({ pagesPerContext: 2, navigationTimeoutMs: 15_000 });
});
afterAll(async () => {
  await browser.close();
  await server.close();
});

describe('BrowserFetcher with the system Chromium', () => {
  it('has a Chromium to drive', () => {
    expect(existsSync(executablePath), `${executablePath} missing: run tools/install-chromium.sh`).toBe(true);
  });

  it('passes a JS challenge and returns the cookies it set', async () => {
    const cookies = await browser.passChallenge(`${server.url}/_challenge`, { cookieName: '__jsl_clearance', timeoutMs: 15_000 });
    const byName = Object.fromEntries(cookies.map((c) => [c.name, c]));
    expect(byName.__jsl_clearance?.value).toBe(server.challengeClearance);
    expect(byName.__jsluid_s?.httpOnly).toBe(true);
    // The page's reload carried both cookies, so the browser got the content page.
    expect(server.hits.get('/_challenge').some((h) => h.cookie?.includes(`__jsl_clearance=${server.challengeClearance}`))).toBe(true);
  });

  it('lets the HTTP client continue with the browser cookies after a challenge page', async () => {
    browser.recycleContext(); // a clean browser session, as after a block
    const fetcher = new HttpFetcher({ block: { markers: ['__jsl_clearance'] } });
    const client = new FetchClient({
      fetcher,
      queues: new HostQueues({ minIntervalMs: 0, jitterMs: 0 }),
      challenge: browser.challengeSolver({ cookieName: '__jsl_clearance', timeoutMs: 15_000 }),
    });
    const before = server.hits.count('/_challenge');
    const page = await client.get({ url: `${server.url}/_challenge` });
    expect(page.text).toContain('挑战已通过');
    const hits = server.hits.get('/_challenge').slice(before);
    expect(hits[0]?.cookie).toBeUndefined();
    expect(hits.at(-1)?.cookie).toContain(`__jsl_clearance=${server.challengeClearance}`);
    expect(hits.at(-1)?.cookie).toContain('__jsluid_s=');
    expect(fetcher.cookieJar.describe().map((d) => d.split('@')[0]).sort()).toEqual(['__jsl_clearance', '__jsluid_s']);
  });

  it('renders a GBK page and blocks images', async () => {
    const gbk = await browser.render(`${server.url}/_charset/gbk`);
    expect(gbk).toMatchObject({ status: 200, charset: 'utf-8' });
    expect(gbk.text).toContain('关于小区停车难的问题');
    const withImage = await browser.render(`${server.url}/_with-image`);
    expect(withImage.text).toContain('有图');
    expect(server.hits.count('/_image.png')).toBe(0);
  });

  it('keeps working across context recycling and classifies failures', async () => {
    for (let i = 0; i < 3; i += 1) {
      expect((await browser.render(`${server.url}/_cookie?n=${i}`)).status).toBe(200);
    }
    await expect(browser.render(`${server.url}/_status/404`)).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(browser.render(`${server.url}/_blocked`)).rejects.toMatchObject({ code: 'ERR_BLOCKED_STATUS' });
    await expect(browser.render('http://127.0.0.1:1/')).rejects.toMatchObject({ name: 'TransientFetchError' });
  });

  it('fails a challenge that never sets its cookie', async () => {
    await expect(browser.passChallenge(`${server.url}/_cookie`, { cookieName: '__jsl_clearance', timeoutMs: 1000 })).rejects.toMatchObject({
      code: 'ERR_CHALLENGE_FAILED',
    });
  });
});
