import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BoardRuntime } from '../options.js';
import { challengePage, isValidChallengeCookie } from './challenge.js';
import { FaultState } from './faults.js';
import { html } from './respond.js';
import { BoardStats } from './stats.js';
import type { HandlerContext, Route, SimRequest, SimResponse } from './types.js';
import { WafState } from './waf.js';

const MAX_BODY = 1 << 20;

export interface BoardServerSpec {
  readonly ctx: HandlerContext;
  readonly boardId: number;
  readonly routes: readonly Route[];
  readonly runtime: BoardRuntime;
  readonly cookieName: string;
}

/** One board family on its own port: protections, faults and stats around its routes. */
export class BoardServer {
  readonly stats = new BoardStats();
  readonly waf = new WafState();
  readonly #spec: BoardServerSpec;
  readonly #faults: FaultState;
  readonly #server: Server;
  #challengeNonce = 0;

  constructor(spec: BoardServerSpec) {
    this.#spec = spec;
    this.#faults = new FaultState(spec.ctx.world.seed, spec.boardId);
    this.#server = createServer((req, res) => void this.#serve(req, res));
  }

  get runtime(): BoardRuntime {
    return this.#spec.runtime;
  }

  async listen(host: string, port: number): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => resolve());
    });
    const addr = this.#server.address() as AddressInfo;
    return `http://${host}:${addr.port}`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.stats.arrive();
    try {
      const simReq = await readRequest(req);
      const [out, outcome] = this.#respond(simReq);
      await delay(this.#spec.runtime.latency.baseMs + Math.random() * this.#spec.runtime.latency.jitterMs);
      this.stats.record(simReq.path, out.status, outcome);
      res.writeHead(out.status, { ...out.headers, 'content-length': String(out.body.length) });
      res.end(out.body);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(err instanceof Error ? err.message : 'error');
    }
  }

  /** Order matters: the JS challenge and the WAF sit in front of the origin, like a CDN. */
  #respond(req: SimRequest): [SimResponse, string] {
    const { runtime, ctx, cookieName } = this.#spec;
    if (runtime.challenge && !isValidChallengeCookie(ctx.world.seed, req.cookies[cookieName])) {
      return [challengePage(ctx.world.seed, ++this.#challengeNonce * 7919, cookieName), 'challenge'];
    }
    const blocked = this.waf.check(runtime.waf);
    if (blocked) return [blocked, 'waf'];
    const failed = this.#faults.before(runtime.faults);
    if (failed) return [failed, 'fault-5xx'];
    const out = this.#route(req);
    return [this.#faults.after(runtime.faults, out), 'ok'];
  }

  #route(req: SimRequest): SimResponse {
    const matches = this.#spec.routes.filter((r) => (typeof r.path === 'string' ? r.path === req.path : r.path.test(req.path)));
    const route = matches.find((r) => r.method === req.method);
    if (route) return route.handler(req, this.#spec.ctx);
    if (matches.length > 0) return html('<html><body><h1>HTTP Status 405 – Method Not Allowed</h1></body></html>', { status: 405, headers: { allow: matches.map((m) => m.method).join(', ') } });
    return html('<html><body><h1>404 Not Found</h1></body></html>', { status: 404 });
  }
}

async function readRequest(req: IncomingMessage): Promise<SimRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(buf);
  }
  const url = new URL(req.url ?? '/', 'http://sim.invalid');
  return { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, cookies: parseCookies(req.headers.cookie), body: Buffer.concat(chunks) };
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return out;
}

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
