/**
 * The HTTP half of the fetch stage: Node's fetch (undici) with timeouts, a byte cap, a cookie
 * jar per source session, an optional warm-up request, manual redirects restricted to the
 * source's hosts, status and block classification, and byte-level decoding.
 */
import { z } from 'zod';

import { classify } from '../shared/classify.js';
import type { Clock } from '../shared/clock.js';
import { systemClock } from '../shared/clock.js';
import { BlockedError, type PipelineError, RateLimitedError } from '../shared/errors.js';
import type { FetchedPage } from '../shared/types.js';
import { BlockRulesSchema, detectBlock } from './block-detection.js';
import { CookieJar } from './cookie-jar.js';
import { decodeBody } from './decode.js';
import { attachResponse } from './error-snapshots.js';
import { type FetchLogger, redactHeaders, safeUrl, silentLogger } from './fetch-logger.js';
import { encodeBody, type EncodedBody, headersToRecord, isAllowedHost, readCapped } from './http-body.js';
import { REDIRECT_STATUSES, statusError } from './http-status.js';

/** A current desktop Chrome: WAFs on these boards reject unknown agents outright. */
export const DEFAULT_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

/** Options of one source's HTTP session. */
export const HttpFetcherOptionsSchema = z.strictObject({
  allowedHosts: z
    .array(z.string().min(1))
    .default([])
    .describe('hosts redirects may lead to besides the request host; `*.gov.cn` form allowed; @default []'),
  timeoutMs: z
    .number()
    .int()
    .positive()
    .default(30_000)
    .describe('whole request including the body; @default 30000'),
  maxBytes: z
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024)
    .describe('decompressed body cap; @default 10 MiB'),
  maxRedirects: z.number().int().min(0).default(5).describe('@default 5'),
  userAgent: z
    .string()
    .default(DEFAULT_USER_AGENT)
    .describe('WAF clearance cookies are bound to it: keep it equal to the browser one'),
  headers: z.record(z.string(), z.string()).default({}).describe('sent with every request; @default {}'),
  encoding: z.string().optional().describe('declared charset; wins over the header because sites lie'),
  expectBody: z
    .boolean()
    .default(false)
    .describe('an empty 200 body is a throttle (liuyan gen C); @default false'),
  warmUpUrl: z.url().optional().describe('GET once per session before the first request, for cookies'),
  block: BlockRulesSchema.default({ statuses: [403], markers: [], checkJson: false }),
});
export type HttpFetcherOptions = z.infer<typeof HttpFetcherOptionsSchema>;
export type HttpFetcherOptionsInput = z.input<typeof HttpFetcherOptionsSchema>;

/** One request. `form`, `json` and `body` are mutually exclusive. */
export const FetchRequestSchema = z
  .strictObject({
    url: z.url(),
    method: z.enum(['GET', 'POST']).default('GET'),
    form: z.record(z.string(), z.string()).optional(),
    json: z.unknown().optional(),
    body: z.string().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    kind: z.string().optional().describe('page kind (listing, detail …), for logs and snapshots'),
  })
  .refine((r) => [r.form, r.json, r.body].filter((b) => b !== undefined).length <= 1, {
    message: 'form, json and body are mutually exclusive',
  });
export type FetchRequest = z.infer<typeof FetchRequestSchema>;
export type FetchRequestInput = z.input<typeof FetchRequestSchema>;

/** Per-call overrides. */
export interface FetchOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  expectBody?: boolean;
}

/** Injected dependencies. */
export interface HttpFetcherDeps {
  cookieJar?: CookieJar;
  clock?: Clock;
  logger?: FetchLogger;
}

interface RawResponse {
  url: string;
  finalUrl: string;
  status: number;
  headers: Headers;
  bytes: Uint8Array<ArrayBuffer>;
}

/** Fetches pages for one source session. */
export class HttpFetcher {
  readonly cookieJar: CookieJar;
  readonly #options: HttpFetcherOptions;
  readonly #clock: Clock;
  readonly #log: FetchLogger;
  #warmUp: Promise<void> | undefined;

  constructor(options: HttpFetcherOptionsInput = {}, deps: HttpFetcherDeps = {}) {
    this.#options = HttpFetcherOptionsSchema.parse(options);
    this.#clock = deps.clock ?? systemClock;
    this.cookieJar = deps.cookieJar ?? new CookieJar({ now: () => this.#clock.now().getTime() });
    this.#log = deps.logger ?? silentLogger;
  }

  /** Fetches, decodes and classifies one page; throws only PipelineErrors (or the caller's abort). */
  async fetch(input: FetchRequestInput, options: FetchOptions = {}): Promise<FetchedPage> {
    const started = Date.now();
    try {
      // A malformed request (bad URL from a parsed link) becomes a skip, not a crash.
      const request = FetchRequestSchema.parse(input);
      await this.#ensureWarm(options);
      const raw = await this.#request(request, options);
      const page = this.#toPage(raw, options.expectBody ?? this.#options.expectBody);
      const url = safeUrl(page.finalUrl);
      const { status, charset } = page;
      const facts = { url, kind: request.kind, status, bytes: page.bytes.byteLength, charset };
      this.#log.debug({ ...facts, durationMs: Date.now() - started }, 'fetched page');
      return page;
    } catch (error) {
      // A caller's cancellation (shutdown) is not a fetch failure: hand it back as is.
      if (options.signal?.aborted === true) throw options.signal.reason;
      throw classify(error);
    }
  }

  /** Forgets the session: clears cookies, and the next fetch warms up again. */
  resetSession(): void {
    this.cookieJar.clear();
    this.#warmUp = undefined;
  }

  async #ensureWarm(options: FetchOptions): Promise<void> {
    const url = this.#options.warmUpUrl;
    if (url === undefined) return;
    this.#warmUp ??= this.#request({ url, method: 'GET' }, options).then(
      (raw) => {
        const facts = { url: safeUrl(url), status: raw.status, cookieNames: this.cookieJar.describe() };
        this.#log.debug(facts, 'warmed up session');
      },
      (error: unknown) => {
        this.#warmUp = undefined;
        throw error;
      },
    );
    await this.#warmUp;
  }

  /** Sends the request, follows allowed redirects and reads the capped body. */
  async #request(request: FetchRequest, options: FetchOptions): Promise<RawResponse> {
    const timeout = AbortSignal.timeout(options.timeoutMs ?? this.#options.timeoutMs);
    const signal =
      options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
    const allowed = [new URL(request.url).hostname.toLowerCase(), ...this.#options.allowedHosts];
    let url = request.url;
    let method = request.method;
    let body = encodeBody(request);
    for (let hop = 0; ; hop += 1) {
      const headers = this.#headersFor(url, request, body);
      const init = { method, headers, body: body?.payload, redirect: 'manual', signal } as const;
      const response = await fetch(url, init);
      this.cookieJar.setFromResponse(url, response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (!REDIRECT_STATUSES.has(response.status) || location === null) {
        const bytes = await readCapped(response, this.#options.maxBytes, url);
        const { status, headers: responseHeaders } = response;
        return { url: request.url, finalUrl: url, status, headers: responseHeaders, bytes };
      }
      await response.body?.cancel();
      url = this.#nextHop(url, location, hop, allowed);
      // 303 always, and 301/302 after POST in practice, become a GET without body (RFC 9110 §15.4).
      if (response.status === 303 || (method === 'POST' && response.status <= 302)) {
        method = 'GET';
        body = undefined;
      }
    }
  }

  #nextHop(current: string, location: string, hop: number, allowed: readonly string[]): string {
    const from = safeUrl(current);
    if (hop >= this.#options.maxRedirects) {
      throw new BlockedError(`Too many redirects from ${from}`, {
        code: 'ERR_TOO_MANY_REDIRECTS',
        details: { url: from, hops: hop },
      });
    }
    const next = new URL(location, current);
    if (!/^https?:$/.test(next.protocol) || !isAllowedHost(next.hostname, allowed)) {
      // Usually a WAF or SSO page on another domain: following it would leave the source.
      throw new BlockedError(`Redirect to ${next.host} not allowed from ${from}`, {
        code: 'ERR_REDIRECT_NOT_ALLOWED',
        details: { url: from, to: safeUrl(next.toString()) },
      });
    }
    return next.toString();
  }

  #headersFor(
    url: string,
    request: FetchRequest,
    body: EncodedBody | undefined,
  ): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': this.#options.userAgent,
      accept: 'text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8',
      'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5',
      ...lowerKeys(this.#options.headers),
      ...lowerKeys(request.headers ?? {}),
    };
    if (body?.contentType !== undefined) headers['content-type'] ??= body.contentType;
    const cookie = this.cookieJar.cookieHeader(url);
    if (cookie !== undefined) headers.cookie = cookie;
    return headers;
  }

  /** Classifies the response and decodes it; errors carry the response for snapshots. */
  #toPage(raw: RawResponse, expectBody: boolean): FetchedPage {
    const headers = redactHeaders(headersToRecord(raw.headers));
    const { url, finalUrl, status, bytes } = raw;
    const fail = (error: PipelineError): PipelineError => {
      attachResponse(error, { url, finalUrl, status, headers, bytes });
      return error;
    };
    const retryAfter = raw.headers.get('retry-after');
    const nowMs = this.#clock.now().getTime();
    const statusFailure = statusError({ url: finalUrl, status, retryAfter, nowMs }, this.#options.block);
    if (statusFailure !== undefined) throw fail(statusFailure);
    if (expectBody && Buffer.from(bytes).toString('latin1').trim() === '') {
      const safe = safeUrl(finalUrl);
      const details = { url: safe, status };
      throw fail(new RateLimitedError(`Empty body at ${safe}`, { code: 'ERR_EMPTY_BODY', details }));
    }
    const contentType = raw.headers.get('content-type') ?? undefined;
    const decoded = decodeBody(raw.bytes, { contentType, declared: this.#options.encoding });
    const check = { url: finalUrl, status, contentType, text: decoded.text };
    const blocked = detectBlock(check, this.#options.block);
    if (blocked !== undefined) throw fail(blocked);
    return {
      url: raw.url,
      finalUrl: raw.finalUrl,
      status: raw.status,
      headers,
      bytes: raw.bytes,
      text: decoded.text,
      charset: decoded.charset,
      fetchedAt: this.#clock.now(),
    };
  }
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
