/** The daemon's HTTP side: `/health` (JSON status per source) and `/metrics` (Prometheus). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { PipelineMetrics } from './metrics.js';
import type { Scheduler } from './scheduler.js';

export interface HealthServer {
  url: string;
  close(): Promise<void>;
}

export async function startHealthServer(scheduler: Scheduler, metrics: PipelineMetrics, host: string, port: number): Promise<HealthServer> {
  const server = http.createServer((req, res) => {
    void respond(req, res, scheduler, metrics);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    url: `http://${host}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function respond(req: http.IncomingMessage, res: http.ServerResponse, scheduler: Scheduler, metrics: PipelineMetrics): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET') {
    res.writeHead(405).end();
  } else if (path === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', sources: scheduler.status() }));
  } else if (path === '/metrics') {
    res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(await metrics.registry.metrics());
  } else {
    res.writeHead(404).end();
  }
}
