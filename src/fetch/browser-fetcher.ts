/**
 * The browser half of the fetch stage: playwright-core driving the system Chromium (the
 * project never downloads a browser build). Site JavaScript, including WAF challenges, only
 * ever runs inside this sandboxed browser, never in Node. One browser per process, started
 * lazily; contexts are recycled after N pages so cookies and memory do not pile up.
 */
// Types only: playwright-core is loaded when a browser is first started (#launch). Loaded at
// start-up it costs every process ~32 MB of V8 heap and ~70 MB of RSS, also the crawls that
// never need a browser (docs/benchmarks.md, Memory).
import type {
  Browser,
  BrowserContext,
  Cookie as PlaywrightCookie,
  Page,
} from 'playwright-core';
import { z } from 'zod';

import { classify } from '../shared/classify.js';
import type { Clock } from '../shared/clock.js';
import { systemClock } from '../shared/clock.js';
import {
  BlockedError,
  CriticalError,
  type PipelineError,
  TransientFetchError,
} from '../shared/errors.js';
import type { FetchedPage } from '../shared/types.js';
import { BlockRulesSchema, detectBlock } from './block-detection.js';
import { attachResponse } from './error-snapshots.js';
import type { ChallengeSolver } from './fetch-client.js';
import { type FetchLogger, redactHeaders, safeUrl, silentLogger } from './fetch-logger.js';
import { statusError } from './http-status.js';

/**
 * Flags for a headless Chromium in containers and CI: no sandbox (we run as root there), no
 * GPU, and no background traffic that would muddy politeness accounting.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const BrowserFetcherOptionsSchema = z.strictObject({
  executablePath: z.string().optional().describe('@default $CHROMIUM_PATH, else /usr/bin/chromium'),
  pagesPerContext: z
    .number()
    .int()
    .min(1)
    .default(50)
    .describe('pages before a context is replaced; @default 50'),
  navigationTimeoutMs: z.number().int().positive().default(30_000).describe('@default 30000'),
  waitUntil: z
    .enum(['load', 'domcontentloaded', 'networkidle'])
    .default('load')
    .describe('@default load'),
  blockResourceTypes: z
    .array(z.string())
    .default(['image', 'font', 'media'])
    .describe('Playwright resource types aborted via route(); @default image, font, media'),
  userAgent: z
    .string()
    .optional()
    .describe('keep equal to the HTTP fetcher one: clearance cookies are bound to it'),
  locale: z.string().default('zh-CN').describe('@default zh-CN'),
  timezoneId: z.string().default('Asia/Shanghai').describe('@default Asia/Shanghai'),
  block: BlockRulesSchema.default({ statuses: [403], markers: [], checkJson: false }),
});
export type BrowserFetcherOptions = z.infer<typeof BrowserFetcherOptionsSchema>;
export type BrowserFetcherOptionsInput = z.input<typeof BrowserFetcherOptionsSchema>;

/** How to recognise a passed challenge. */
export interface ChallengeOptions {
  /** The cookie the challenge script sets, e.g. 加速乐's `__jsl_clearance`. */
  cookieName: string;
  /** @default 20000 */
  timeoutMs?: number;
}

interface ContextSlot {
  context: Promise<BrowserContext>;
  used: number;
  open: number;
  retired: boolean;
}

/** Renders pages and passes JS challenges in one lazily started Chromium. */
export class BrowserFetcher {
  readonly #options: BrowserFetcherOptions;
  readonly #clock: Clock;
  readonly #log: FetchLogger;
  #browser: Promise<Browser> | undefined;
  #slot: ContextSlot | undefined;

  constructor(
    options: BrowserFetcherOptionsInput = {},
    deps: { clock?: Clock; logger?: FetchLogger } = {},
  ) {
    this.#options = BrowserFetcherOptionsSchema.parse(options);
    this.#clock = deps.clock ?? systemClock;
    this.#log = deps.logger ?? silentLogger;
  }

  /** Loads `url`, waits for the load state and returns the rendered HTML as a FetchedPage. */
  async render(url: string): Promise<FetchedPage> {
    return this.#withPage(async (page) => {
      const { waitUntil, navigationTimeoutMs: timeout } = this.#options;
      const response = await page.goto(url, { waitUntil, timeout });
      const html = await page.content();
      const fetched: FetchedPage = {
        url,
        finalUrl: page.url(),
        status: response?.status() ?? 200,
        headers: redactHeaders(response === null ? {} : await response.allHeaders()),
        // The DOM is serialised as a JS string, so the original charset no longer applies.
        bytes: Buffer.from(html, 'utf8'),
        text: html,
        charset: 'utf-8',
        fetchedAt: this.#clock.now(),
      };
      this.#throwIfFailed(fetched);
      const facts = { url: safeUrl(fetched.finalUrl), status: fetched.status, bytes: fetched.bytes.byteLength };
      this.#log.debug(facts, 'rendered page');
      return fetched;
    });
  }

  /** Applies the same status and block rules as the HTTP fetcher to a rendered page. */
  #throwIfFailed(page: FetchedPage): void {
    const { finalUrl, status, headers, text } = page;
    const retryAfter = headers['retry-after'] ?? null;
    const nowMs = this.#clock.now().getTime();
    const contentType = headers['content-type'];
    const failure =
      statusError({ url: finalUrl, status, retryAfter, nowMs }, this.#options.block) ??
      detectBlock({ url: finalUrl, status, contentType, text }, this.#options.block);
    if (failure === undefined) return;
    attachResponse(failure, { url: page.url, finalUrl, status, headers, bytes: page.bytes });
    throw failure;
  }

  /**
   * Loads a challenge page and lets its script run until `cookieName` is set, then returns
   * the context's cookies for `url` (Playwright's shape, accepted by CookieJar.setCookies).
   * Throws BlockedError `ERR_CHALLENGE_FAILED` when the cookie never appears.
   */
  async passChallenge(url: string, options: ChallengeOptions): Promise<PlaywrightCookie[]> {
    const timeoutMs = options.timeoutMs ?? 20_000;
    return this.#withPage(async (page) => {
      const deadline = Date.now() + timeoutMs;
      // The script reloads the page, which may interrupt goto itself: that is expected.
      await page
        .goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs })
        .catch(() => undefined);
      while (Date.now() < deadline) {
        const cookies = await page.context().cookies(url);
        if (cookies.some((c) => c.name === options.cookieName)) {
          // Let the reload finish: WAFs often set more cookies on the page after the challenge.
          const timeout = Math.max(1, deadline - Date.now());
          await page.waitForLoadState('load', { timeout }).catch(() => undefined);
          const facts = { url: safeUrl(url), cookieNames: cookies.map((c) => c.name) };
          this.#log.info(facts, 'passed challenge in browser');
          return page.context().cookies(url);
        }
        await page.waitForTimeout(100);
      }
      throw new BlockedError(`Challenge not passed within ${timeoutMs} ms at ${safeUrl(url)}`, {
        code: 'ERR_CHALLENGE_FAILED',
        details: { url: safeUrl(url), cookieName: options.cookieName },
      });
    });
  }

  /** A ChallengeSolver for FetchClient backed by `passChallenge`. */
  challengeSolver(options: ChallengeOptions): ChallengeSolver {
    return { solve: (url) => this.passChallenge(url, options) };
  }

  /** Retires the current context (after a block: the next page starts with a clean session). */
  recycleContext(): void {
    if (this.#slot !== undefined) this.#retire(this.#slot);
    this.#slot = undefined;
  }

  /** Closes contexts and the browser; the fetcher can be used again afterwards. */
  async close(): Promise<void> {
    const browser = this.#browser;
    this.#browser = undefined;
    this.#slot = undefined;
    if (browser === undefined) return;
    const started = await browser.catch(() => undefined);
    await started?.close().catch(() => undefined);
  }

  async #withPage<T>(use: (page: Page) => Promise<T>): Promise<T> {
    const slot = this.#acquireSlot();
    let page: Page | undefined;
    try {
      page = await (await slot.context).newPage();
      return await use(page);
    } catch (error) {
      throw classifyBrowserError(error);
    } finally {
      await page?.close().catch(() => undefined);
      slot.open -= 1;
      if (slot.retired && slot.open === 0) await closeContext(slot);
    }
  }

  #acquireSlot(): ContextSlot {
    if (this.#slot === undefined || this.#slot.used >= this.#options.pagesPerContext) {
      if (this.#slot !== undefined) this.#retire(this.#slot);
      this.#slot = { context: this.#newContext(), used: 0, open: 0, retired: false };
    }
    this.#slot.used += 1;
    this.#slot.open += 1;
    return this.#slot;
  }

  #retire(slot: ContextSlot): void {
    slot.retired = true;
    if (slot.open === 0) void closeContext(slot);
  }

  async #newContext(): Promise<BrowserContext> {
    const browser = await this.#launch();
    const context = await browser.newContext({
      locale: this.#options.locale,
      timezoneId: this.#options.timezoneId,
      serviceWorkers: 'block',
      ...(this.#options.userAgent === undefined ? {} : { userAgent: this.#options.userAgent }),
    });
    context.setDefaultNavigationTimeout(this.#options.navigationTimeoutMs);
    const blocked = new Set(this.#options.blockResourceTypes);
    await context.route('**/*', (route) =>
      blocked.has(route.request().resourceType()) ? route.abort('blockedbyclient') : route.continue(),
    );
    return context;
  }

  /** Starts Chromium once; a crashed or closed browser is started again on next use. */
  #launch(): Promise<Browser> {
    if (this.#browser !== undefined) return this.#browser;
    const executablePath =
      this.#options.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    // chromium.launch gives every browser a fresh temporary profile (user-data dir) and
    // removes it on close, so no state leaks between processes.
    const launching = import('playwright-core')
      .then(({ chromium }) => chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS }))
      .then(
        (browser) => {
          browser.on('disconnected', () => {
            if (this.#browser === launching) this.#browser = undefined;
          });
          this.#log.info({ executablePath, version: browser.version() }, 'started browser');
          return browser;
        },
        (error: unknown) => {
          this.#browser = undefined;
          const hint = 'run tools/install-chromium.sh or set CHROMIUM_PATH';
          throw new CriticalError(`Cannot start Chromium at ${executablePath}; ${hint}`, {
            cause: error,
            code: 'ERR_BROWSER_LAUNCH',
          });
        },
      );
    this.#browser = launching;
    return launching;
  }
}

async function closeContext(slot: ContextSlot): Promise<void> {
  const context = await slot.context.catch(() => undefined);
  await context?.close().catch(() => undefined);
}

/** Playwright network errors read `net::ERR_…`; classify() does not know them, we do. */
export function classifyBrowserError(error: unknown): PipelineError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name !== 'TimeoutError') {
    const net = /net::(ERR_[A-Z_]+)/.exec(message);
    if (net !== null) {
      return new TransientFetchError(`Browser network error ${net[1]}`, {
        cause: error,
        details: { netError: net[1] },
      });
    }
    if (/has been closed|Browser closed|Target closed/i.test(message)) {
      return new TransientFetchError('Browser or page closed during fetch', {
        cause: error,
        code: 'ERR_BROWSER_CLOSED',
      });
    }
  }
  return classify(error);
}
