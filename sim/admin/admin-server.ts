import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  boardsView, configView, messageView, patchClock, patchConfig, statsView, truthView,
  type AdminResult, type AdminState,
} from './admin-routes.js';

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function dispatch(state: AdminState, req: IncomingMessage): Promise<AdminResult> {
  const url = new URL(req.url ?? '/', 'http://admin.invalid');
  const route = `${req.method ?? 'GET'} ${url.pathname}`;
  const ok = (body: unknown): AdminResult => ({ status: 200, body });
  switch (route) {
    case 'GET /_admin/stats': return ok(statsView(state));
    case 'POST /_admin/stats/reset':
      for (const { server } of state.servers.values()) server.stats.reset();
      return ok(statsView(state));
    case 'GET /_admin/clock': return ok({ nowMs: state.clock.nowMs(), iso: state.clock.now().toISOString() });
    case 'POST /_admin/clock': return patchClock(state, await readJson(req));
    case 'GET /_admin/config': return ok(configView(state));
    case 'POST /_admin/config': return patchConfig(state, await readJson(req));
    case 'GET /_admin/boards': return ok(boardsView(state));
    case 'GET /_admin/truth': return truthView(state, url.searchParams);
    case 'GET /_admin/message': return messageView(state, url.searchParams);
    default: return { status: 404, body: { error: `no admin route ${route}` } };
  }
}

/** The control plane on its own port, so scrapers never see it. */
export async function startAdminServer(state: AdminState, host: string, port: number): Promise<{ url: string; server: Server }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    dispatch(state, req)
      .then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      })
      .catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: err instanceof Error ? err.message : String(err) }));
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return { url: `http://${host}:${(server.address() as AddressInfo).port}`, server };
}
