import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { responseOf } from '../../../src/fetch/error-snapshots.js';
import { HttpFetcher } from '../../../src/fetch/http-fetcher.js';
import { type FixtureServer, startFixtureServer } from '../../helpers/fixture-server.js';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});

const at = (path: string): string => `${server.url}${path}`;
/** The same server under another host name: a "foreign" host for redirect checks. */
const foreignBase = (): string => server.url.replace('127.0.0.1', 'localhost');

interface Echo {
  method: string;
  body: string;
  headers: Record<string, string>;
}

describe('HttpFetcher over real HTTP', () => {
  it('decodes a GBK page whose charset is only in a meta tag', async () => {
    const page = await new HttpFetcher().fetch({ url: `${server.url}/_charset/gbk` });
    expect(page.charset).toBe('gb18030');
    expect(page.text).toContain('关于小区停车难的问题');
    expect(page.text).toContain('镕堃');
    expect(page.bytes.byteLength).toBeLessThan(Buffer.byteLength(page.text, 'utf8'));
    expect(page.headers['content-type']).toBe('text/html');
  });

  it('keeps cookies per session, warms up, and never exposes Set-Cookie values', async () => {
    const fetcher = new HttpFetcher({ warmUpUrl: `${server.url}/_set-cookie?warm=1` });
    const page = await fetcher.fetch({ url: `${server.url}/_cookie` });
    expect(JSON.parse(page.text)).toEqual({ cookie: 'warm=1' });
    const setter = await fetcher.fetch({ url: `${server.url}/_set-cookie?sid=SECRET` });
    expect(setter.headers['set-cookie']).toBe('[redacted: sid]');
    const echoed = await fetcher.fetch({ url: `${server.url}/_cookie` });
    expect(JSON.parse(echoed.text)).toEqual({ cookie: 'warm=1; sid=SECRET' });
    expect(server.hits.count('/_set-cookie')).toBe(2);
    fetcher.resetSession();
    await fetcher.fetch({ url: `${server.url}/_cookie` });
    expect(server.hits.count('/_set-cookie')).toBe(3);
  });

  it('posts forms and JSON with the right content type', async () => {
    const fetcher = new HttpFetcher({ headers: { 'X-Requested-With': 'XMLHttpRequest' } });
    const post = async (body: { form?: Record<string, string>; json?: unknown }): Promise<Echo> =>
      JSON.parse((await fetcher.fetch({ url: at('/_echo'), method: 'POST', ...body })).text) as Echo;
    const form = await post({ form: { fid: '539', lastItem: '0' } });
    expect(form).toMatchObject({ method: 'POST', body: 'fid=539&lastItem=0' });
    expect(form.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=UTF-8');
    expect(form.headers['x-requested-with']).toBe('XMLHttpRequest');
    const json = await post({ json: { a: 1 } });
    expect(json).toMatchObject({ body: '{"a":1}', headers: { 'content-type': 'application/json' } });
  });

  it('follows same-host redirects and reports the final URL', async () => {
    const to = encodeURIComponent('/_cookie');
    const page = await new HttpFetcher().fetch({ url: at(`/_redirect?to=${to}`) });
    expect(page.finalUrl).toBe(at('/_cookie'));
    expect(page.url).toBe(at(`/_redirect?to=${to}`));
  });

  it('refuses a redirect to a host outside the allowed list', async () => {
    const before = server.hits.count('/_status/200');
    const url = at(`/_redirect?to=${encodeURIComponent(`${foreignBase()}/_status/200`)}`);
    await expect(new HttpFetcher().fetch({ url })).rejects.toMatchObject({
      name: 'BlockedError',
      code: 'ERR_REDIRECT_NOT_ALLOWED',
    });
    expect(server.hits.count('/_status/200')).toBe(before);
    const allowed = await new HttpFetcher({ allowedHosts: ['localhost'] }).fetch({ url });
    expect(allowed.finalUrl).toBe(`${foreignBase()}/_status/200`);
  });

  it('stops redirect loops after maxRedirects', async () => {
    const before = server.hits.count('/_redirect');
    const url = at('/_redirect?loop=1&status=307');
    await expect(new HttpFetcher({ maxRedirects: 3 }).fetch({ url })).rejects.toMatchObject({
      code: 'ERR_TOO_MANY_REDIRECTS',
    });
    expect(server.hits.count('/_redirect') - before).toBe(4);
  });

  it('caps the response size, by Content-Length and while streaming', async () => {
    const fetcher = new HttpFetcher({ maxBytes: 100_000 });
    const tooLarge = { code: 'ERR_RESPONSE_TOO_LARGE', disposition: 'skip' };
    await expect(fetcher.fetch({ url: at('/_big/5000000') })).rejects.toMatchObject(tooLarge);
    await expect(fetcher.fetch({ url: at('/_big/5000000?chunked=1') })).rejects.toMatchObject(tooLarge);
    const ok = await fetcher.fetch({ url: at('/_big/100000?chunked=1') });
    expect(ok.bytes.byteLength).toBe(100_000);
  });

  it('times out slow responses as a transient error', async () => {
    const started = Date.now();
    const fetcher = new HttpFetcher({ timeoutMs: 200 });
    await expect(fetcher.fetch({ url: at('/_slow/5000') })).rejects.toMatchObject({
      name: 'TransientFetchError',
      code: 'ERR_FETCH_TIMEOUT',
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('maps statuses into the error tree and keeps the response for snapshots', async () => {
    const fetcher = new HttpFetcher();
    const fails = (path: string) => expect(fetcher.fetch({ url: at(path) })).rejects;
    await fails('/_status/404').toMatchObject({ name: 'NotFoundError', code: 'ERR_HTTP_404' });
    await fails('/_status/410').toMatchObject({ code: 'ERR_HTTP_410' });
    await fails('/_status/502').toMatchObject({ code: 'ERR_HTTP_5XX' });
    await fails('/_status/405').toMatchObject({ name: 'ParseError', code: 'ERR_HTTP_STATUS' });
    await fails('/_retry-after/7?times=1000').toMatchObject({ code: 'ERR_HTTP_429', retryAfterMs: 7000 });
    const blocked = (await fetcher.fetch({ url: at('/_blocked') }).catch((e: unknown) => e)) as Error;
    expect(blocked).toMatchObject({ name: 'BlockedError', code: 'ERR_BLOCKED_STATUS' });
    expect(Buffer.from(responseOf(blocked)?.bytes ?? []).toString('utf8')).toContain('captcha');
  });

  it('reads Retry-After given as an HTTP-date', async () => {
    const url = at('/_retry-after/30?times=1000&date=1');
    const error = (await new HttpFetcher().fetch({ url }).catch((e: unknown) => e)) as { retryAfterMs: number };
    expect(error.retryAfterMs).toBeGreaterThan(25_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('treats an empty body as a throttle only where content is expected', async () => {
    const url = at('/_empty');
    await expect(new HttpFetcher().fetch({ url })).resolves.toMatchObject({ status: 200, text: '' });
    await expect(new HttpFetcher({ expectBody: true }).fetch({ url })).rejects.toMatchObject({
      name: 'RateLimitedError',
      code: 'ERR_EMPTY_BODY',
    });
    await expect(new HttpFetcher().fetch({ url }, { expectBody: true })).rejects.toMatchObject({
      code: 'ERR_EMPTY_BODY',
    });
  });

  it('detects declared block markers in a 200 page', async () => {
    const fetcher = new HttpFetcher({ block: { markers: ['#captcha'] } });
    await expect(fetcher.fetch({ url: at('/_captcha') })).rejects.toMatchObject({
      code: 'ERR_BLOCKED_MARKER',
    });
  });

  it('hands a caller abort back unclassified', async () => {
    const controller = new AbortController();
    const pending = new HttpFetcher().fetch({ url: at('/_slow/5000') }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('shutdown')), 50);
    await expect(pending).rejects.toThrow('shutdown');
  });
});
