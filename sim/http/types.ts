import type { IncomingHttpHeaders } from 'node:http';
import type { SimClock } from '../core/sim-clock.js';
import type { World } from '../core/world.js';

/** A parsed request as route handlers see it (body fully read). */
export interface SimRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly cookies: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export const BodyKind = { json: 'json', html: 'html', text: 'text' } as const;
export type BodyKind = (typeof BodyKind)[keyof typeof BodyKind];

/** A response before faults are applied; `charset` is the encoding of `body`. */
export interface SimResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly kind: BodyKind;
  readonly charset: 'utf-8' | 'gbk';
}

/** What a handler may use: the shared world, the clock and its own board key. */
export interface HandlerContext {
  readonly world: World;
  readonly clock: SimClock;
  readonly board: string;
  /** Newest messages examined by searches and status filters. */
  readonly scanLimit: number;
}

export type Handler = (req: SimRequest, ctx: HandlerContext) => SimResponse;

export interface Route {
  readonly method: 'GET' | 'POST';
  /** Exact path, or a regex tested against the path. */
  readonly path: string | RegExp;
  readonly handler: Handler;
}
