import { existsSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { admin, postForm } from './sim-client.js';

let sim: RunningSimulator;
const liuyan = (): string => sim.boards.liuyan!.baseUrl;

beforeAll(async () => {
  sim = await startSimulator({ seed: 17, messagesPerBoard: 2_000, boards: { dalian: { waf: { maxRequests: 5, windowMs: 60_000, action: '403' } } } });
});
afterAll(async () => sim.close());

async function burst(n: number, send: () => Promise<Response>): Promise<Response[]> {
  const out: Response[] = [];
  for (let k = 0; k < n; k++) out.push(await send());
  return out;
}

describe('WAF', () => {
  it('answers requests above the configured rate with 403 (from options)', async () => {
    const res = await burst(8, () => fetch(`${sim.boards.dalian!.baseUrl}/fgw/gzjl/xjlb_1.jspx`));
    expect(res.slice(0, 5).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(res.slice(5).map((r) => r.status)).toEqual([403, 403, 403]);
    expect(new TextDecoder().decode(await res[7]!.arrayBuffer())).toContain('访问被拒绝');
  });

  it('answers with 429 and Retry-After once reconfigured through /_admin/config', async () => {
    await admin(sim.adminUrl, '/_admin/config', { board: 'liuyan', waf: { maxRequests: 3, windowMs: 60_000, action: '429', retryAfterSec: 12 } });
    const res = await burst(5, () => postForm(`${liuyan()}/threads/queryThreadsList`, { fid: 14, lastItem: 0 }));
    expect(res.map((r) => r.status)).toEqual([200, 200, 200, 429, 429]);
    expect(res[4]!.headers.get('retry-after')).toBe('12');
  });

  it('answers with an empty 200 body in generation-C mode, and recovers when turned off', async () => {
    await admin(sim.adminUrl, '/_admin/config', { board: 'liuyan', waf: { maxRequests: 2, action: 'empty' } });
    const res = await burst(3, () => postForm(`${liuyan()}/pro-dfbbs-front/threads/queryThreadsList`, { fid: 14, lastItem: 0, pageSize: 20 }));
    expect(res.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await res[2]!.arrayBuffer()).byteLength).toBe(0);
    await admin(sim.adminUrl, '/_admin/config', { board: 'liuyan', waf: { maxRequests: 0 } });
    expect((await (await postForm(`${liuyan()}/threads/queryThreadsList`, { fid: 14 })).json()) as object).toHaveProperty('responseData');
    const stats = (await admin(sim.adminUrl, '/_admin/stats')) as Record<string, { wafBlocked: number; byPath: Record<string, number> }>;
    expect(stats.liuyan!.byPath['/threads/queryThreadsList']).toBeGreaterThanOrEqual(6);
    expect(stats.dalian!.wafBlocked).toBe(3);
  });
});

/** Runs the challenge page's inline script as a browser would, capturing the cookie it sets. */
function runChallengeScript(html: string): string {
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
  let cookie = '';
  let reloaded = false;
  runInNewContext(script, { document: { set cookie(v: string) { cookie = v; } }, location: { reload: () => { reloaded = true; } } });
  expect(reloaded).toBe(true);
  return cookie.split(';')[0]!;
}

describe('JavaScript cookie challenge', () => {
  it('gives plain clients the challenge and passes requests carrying the computed cookie', async () => {
    await admin(sim.adminUrl, '/_admin/config', { board: 'liuyan', challenge: true });
    const first = await fetch(`${liuyan()}/threads/list?fid=14`);
    expect(first.status).toBe(521);
    const html = await first.text();
    expect(html).toContain('document.cookie');
    const cookie = runChallengeScript(html);
    expect(cookie).toMatch(/^__jsluid_s=[0-9a-f]+\.[0-9a-f]+$/);
    const again = await postForm(`${liuyan()}/threads/queryThreadsList`, { fid: 14 }, { cookie });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { responseData: unknown[] }).responseData).toHaveLength(10);
    const forged = await postForm(`${liuyan()}/threads/queryThreadsList`, { fid: 14 }, { cookie: `${cookie}0` });
    expect(forged.status).toBe(521);
    await admin(sim.adminUrl, '/_admin/config', { board: 'liuyan', challenge: false });
  });

  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  it.skipIf(!chromium)('is passed by a real Chromium', async () => {
    await admin(sim.adminUrl, '/_admin/config', { board: 'liuyan', challenge: true });
    const { chromium: pw } = await import('playwright-core');
    const browser = await pw.launch({ executablePath: chromium, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      await page.goto(`${liuyan()}/threads/content?tid=1`);
      await page.waitForFunction(() => document.body.innerText.includes('页面找不到了'), undefined, { timeout: 10_000 });
      expect(await page.title()).toBe('领导留言板 - 人民网');
    } finally {
      await browser.close();
      await admin(sim.adminUrl, '/_admin/config', { board: 'liuyan', challenge: false });
    }
  }, 20_000);
});
