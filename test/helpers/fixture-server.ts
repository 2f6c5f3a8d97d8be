/**
 * Local fixture HTTP server for integration tests (after Crawlee's runExampleComServer and
 * got's create-http-test-server): 127.0.0.1 on port 0, special `/_…` routes for fetch edge
 * cases, recorded fixtures under `/<source-id>/…`, and a hit log so tests can assert
 * politeness and retry counts.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

import iconv from 'iconv-lite';

/** One request the server saw. `at` is epoch ms with sub-ms precision. */
export interface Hit {
  at: number;
  method: string;
  search: string;
  cookie: string | undefined;
}

/** Requests per path (pathname without query). */
export class HitLog {
  readonly #byPath = new Map<string, Hit[]>();

  record(path: string, hit: Hit): void {
    const list = this.#byPath.get(path) ?? [];
    list.push(hit);
    this.#byPath.set(path, list);
  }

  get(path: string): readonly Hit[] {
    return this.#byPath.get(path) ?? [];
  }

  count(path: string): number {
    return this.get(path).length;
  }

  times(path: string): number[] {
    return this.get(path).map((h) => h.at);
  }

  /** Every hit on every path, in arrival order. */
  all(): { path: string; hit: Hit }[] {
    return [...this.#byPath.entries()]
      .flatMap(([path, hits]) => hits.map((hit) => ({ path, hit })))
      .sort((a, b) => a.hit.at - b.hit.at);
  }
}

export interface FixtureServerOptions {
  /** Served at /robots.txt; 404 when absent. */
  robotsTxt?: string;
  /** Root of recorded fixtures; @default test/fixtures */
  fixturesDir?: string;
}

export interface FixtureServer {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:40123`. */
  url: string;
  hits: HitLog;
  /** The value the `/_challenge` script computes for `__jsl_clearance`. */
  challengeClearance: string;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, ctx: RouteContext) => void | Promise<void>;

interface RouteContext {
  url: URL;
  match: RegExpExecArray;
  hits: HitLog;
  options: FixtureServerOptions;
  clearance: string;
  seed: number;
}

const CAPTCHA_PAGE = html('<div id="captcha">访问过于频繁，请输入验证码</div>', '安全验证');
const GBK_PAGE =
  '<!doctype html><html><head>' +
  '<meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>市长信箱</title></head>' +
  '<body><h1>关于小区停车难的问题</h1><p>市民来信：镕堃，谢谢！</p></body></html>';
const JSON_TYPE = { 'content-type': 'application/json' };
const TEXT_TYPE = { 'content-type': 'text/plain' };
/** Recorded headers that no longer describe the bytes we serve. */
const STALE_HEADERS = /^(content-length|transfer-encoding|content-encoding)$/i;

function html(body: string, title = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const base = { 'content-type': 'text/html; charset=utf-8', 'content-length': String(bytes.length) };
  res.writeHead(status, { ...base, ...headers });
  res.end(bytes);
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie ?? '';
  const pair = header.split(/;\s*/).find((p) => p.startsWith(`${name}=`));
  return pair === undefined ? undefined : decodeURIComponent(pair.slice(name.length + 1));
}

/** Fails the first `times` hits on a path (per full URL incl. query) with `fail`, then 200. */
function failFirst(ctx: RouteContext, times: number, res: ServerResponse, fail: () => void): void {
  const seen = ctx.hits.get(ctx.url.pathname).filter((h) => h.search === ctx.url.search).length;
  if (seen <= times) fail();
  else send(res, 200, html(`ok after ${seen - 1} failures`));
}

const routes: [RegExp, Handler][] = [
  [/^\/_status\/(\d{3})$/, (_req, res, { match }) => send(res, Number(match[1]), `status ${match[1]}`)],
  [/^\/_slow\/(\d+)$/, slow],
  [/^\/_retry-after\/(\d+)$/, retryAfter],
  [
    /^\/_flaky\/(\d+)$/,
    (_req, res, ctx) => failFirst(ctx, Number(ctx.match[1]), res, () => send(res, 500, 'flaky')),
  ],
  [/^\/_blocked$/, (_req, res) => send(res, 403, CAPTCHA_PAGE)],
  [/^\/_captcha$/, (_req, res) => send(res, 200, CAPTCHA_PAGE)],
  [
    /^\/_charset\/gbk$/,
    (_req, res) => send(res, 200, iconv.encode(GBK_PAGE, 'gbk'), { 'content-type': 'text/html' }),
  ],
  [/^\/_redirect$/, redirect],
  [/^\/_with-image$/, (_req, res) => send(res, 200, html('<p>有图</p><img src="/_image.png">'))],
  [/^\/_image\.png$/, (_req, res) => send(res, 200, Buffer.alloc(16), { 'content-type': 'image/png' })],
  [/^\/_empty$/, (_req, res) => send(res, 200, '')],
  [
    /^\/_big\/(\d+)$/,
    (_req, res, ctx) => sendBig(res, Number(ctx.match[1]), ctx.url.searchParams.has('chunked')),
  ],
  [/^\/_challenge$/, challenge],
  [
    /^\/_cookie$/,
    (req, res) => send(res, 200, JSON.stringify({ cookie: req.headers.cookie ?? null }), JSON_TYPE),
  ],
  [/^\/_set-cookie$/, setCookies],
  [/^\/_echo$/, echo],
  [/^\/robots\.txt$/, robots],
  [/^\/([a-z0-9-]+)\/(.+)$/, serveFixture],
];

function slow(_req: IncomingMessage, res: ServerResponse, { match }: RouteContext): void {
  const timer = setTimeout(() => send(res, 200, html('slow')), Number(match[1]));
  res.on('close', () => clearTimeout(timer));
}

/** 429 with Retry-After (`?date` sends an HTTP-date) for the first `?times` hits (default 1). */
function retryAfter(_req: IncomingMessage, res: ServerResponse, ctx: RouteContext): void {
  const seconds = Number(ctx.match[1]);
  const value = ctx.url.searchParams.has('date')
    ? new Date(Date.now() + seconds * 1000).toUTCString()
    : String(seconds);
  const times = Number(ctx.url.searchParams.get('times') ?? '1');
  failFirst(ctx, times, res, () => send(res, 429, 'too many requests', { 'retry-after': value }));
}

/** `?to=` target (default /), `?status=` (default 302); `?loop` redirects to itself forever. */
function redirect(_req: IncomingMessage, res: ServerResponse, { url }: RouteContext): void {
  const status = Number(url.searchParams.get('status') ?? '302');
  const location = url.searchParams.has('loop')
    ? `${url.pathname}${url.search}`
    : (url.searchParams.get('to') ?? '/');
  res.writeHead(status, { location, 'content-length': '0' });
  res.end();
}

function robots(_req: IncomingMessage, res: ServerResponse, { options }: RouteContext): void {
  if (options.robotsTxt === undefined) send(res, 404, 'no robots');
  else send(res, 200, options.robotsTxt, TEXT_TYPE);
}

function sendBig(res: ServerResponse, bytes: number, chunked: boolean): void {
  const chunk = Buffer.alloc(Math.min(bytes, 64 * 1024), 0x61);
  res.writeHead(200, chunked ? TEXT_TYPE : { ...TEXT_TYPE, 'content-length': String(bytes) });
  let left = bytes;
  const pump = (): void => {
    while (left > 0) {
      const part = chunk.subarray(0, Math.min(left, chunk.length));
      left -= part.length;
      if (!res.write(part)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  res.on('error', () => undefined);
  pump();
}

/**
 * A 加速乐-style JS challenge: the page's script computes a value from a seed, stores it in
 * `__jsl_clearance` and reloads. The content page needs that cookie plus the HttpOnly
 * `__jsluid_s` set by the first response, so a working hand-over must carry both.
 */
function challenge(req: IncomingMessage, res: ServerResponse, ctx: RouteContext): void {
  const hasClearance = readCookie(req, '__jsl_clearance') === ctx.clearance;
  if (hasClearance && readCookie(req, '__jsluid_s') !== undefined) {
    send(res, 200, html('<h1>挑战已通过</h1>', '内容'));
    return;
  }
  const script =
    `(function(){var s=${ctx.seed};var v=((s*31+7)%1000003).toString(36);` +
    `document.cookie='__jsl_clearance='+v+'; path=/; max-age=3600';location.reload();})();`;
  send(res, 200, html(`<script>${script}</script>`), {
    'set-cookie': `__jsluid_s=uid${ctx.seed}; Path=/; HttpOnly; Max-Age=3600`,
  });
}

function setCookies(_req: IncomingMessage, res: ServerResponse, { url }: RouteContext): void {
  const cookies = [...url.searchParams.entries()].map(([k, v]) => `${k}=${v}; Path=/`);
  res.writeHead(200, { ...TEXT_TYPE, 'set-cookie': cookies });
  res.end('cookies set');
}

async function echo(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  send(res, 200, JSON.stringify({ method: req.method, headers: req.headers, body }), JSON_TYPE);
}

type FixtureMeta = { status?: number; headers?: Record<string, string> };

/** Serves `<fixturesDir>/<source>/<file>` byte for byte, with its `.meta.json` status/headers. */
async function serveFixture(
  _req: IncomingMessage,
  res: ServerResponse,
  ctx: RouteContext,
): Promise<void> {
  const root = ctx.options.fixturesDir ?? join(process.cwd(), 'test', 'fixtures');
  const file = normalize(join(root, ctx.url.pathname));
  if (!file.startsWith(root)) return send(res, 400, 'bad path');
  try {
    const bytes = await readFile(file);
    const meta = await readFile(file.replace(/\.[^./]+$/, '.meta.json'), 'utf8').then(
      (t) => JSON.parse(t) as FixtureMeta,
      (): FixtureMeta => ({}),
    );
    const recorded = Object.entries(meta.headers ?? {}).filter(([k]) => !STALE_HEADERS.test(k));
    const headers = { 'content-type': 'application/octet-stream', ...Object.fromEntries(recorded) };
    send(res, meta.status ?? 200, bytes, headers);
  } catch {
    send(res, 404, 'no such fixture');
  }
}

/** Starts a fixture server on 127.0.0.1, port 0. */
export async function startFixtureServer(options: FixtureServerOptions = {}): Promise<FixtureServer> {
  const hits = new HitLog();
  const seed = 100_000 + Math.floor(Math.random() * 900_000);
  const clearance = ((seed * 31 + 7) % 1_000_003).toString(36);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const at = performance.timeOrigin + performance.now();
    hits.record(url.pathname, { at, method: req.method ?? 'GET', search: url.search, cookie: req.headers.cookie });
    const route = routes.find(([pattern]) => pattern.test(url.pathname));
    const match = route?.[0].exec(url.pathname);
    if (route === undefined || match === null || match === undefined) {
      send(res, 404, 'not found');
      return;
    }
    Promise.resolve(route[1](req, res, { url, match, hits, options, clearance, seed })).catch(() => {
      if (!res.headersSent) send(res, 500, 'fixture server error');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    challengeClearance: clearance,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
