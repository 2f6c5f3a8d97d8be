/**
 * The polite fetch client a source run uses: HttpFetcher inside the shared host queues, the
 * retry table applied to every failure, host pauses on 403/429/empty bodies, optional
 * robots.txt, optional browser challenge solving, and error snapshots.
 */
import { classify } from '../shared/classify.js';
import { NotFoundError, type PipelineError } from '../shared/errors.js';
import type { FetchedPage } from '../shared/types.js';
import type { CookieInput } from './cookie-jar.js';
import type { ErrorSnapshotter } from './error-snapshots.js';
import { type FetchLogger, safeUrl, silentLogger } from './fetch-logger.js';
import { hostKey, type HostQueues } from './host-queues.js';
import {
  type FetchOptions,
  FetchRequestSchema,
  type FetchRequestInput,
  type HttpFetcher,
} from './http-fetcher.js';
import { decideRetry, defaultRetryPolicy, type RetryPolicy } from './retry-policy.js';
import { parseRobots, RobotsCache, rulesAfterFailure } from './robots.js';
import { systemTimer, type Timer } from './timer.js';

/** Something that can pass a JS challenge for a URL and return the resulting cookies. */
export interface ChallengeSolver {
  solve(url: string): Promise<CookieInput[]>;
}

/** What a FetchClient is built from; only `fetcher` and `queues` are required. */
export interface FetchClientDeps {
  fetcher: HttpFetcher;
  /** Shared by every client of the process, so politeness holds across sources and runs. */
  queues: HostQueues;
  sourceId?: string;
  policy?: RetryPolicy;
  timer?: Timer;
  random?: () => number;
  logger?: FetchLogger;
  snapshots?: ErrorSnapshotter;
  /** Called once per request on ERR_BLOCKED_MARKER; its cookies go into the fetcher's jar. */
  challenge?: ChallengeSolver;
  /** When set, robots.txt is honoured for this user agent. */
  robots?: { userAgent: string; cache?: RobotsCache };
}

/** Fetches pages politely and retries per the table; gives up with the classified error. */
export class FetchClient {
  readonly #deps: FetchClientDeps;
  readonly #policy: RetryPolicy;
  readonly #timer: Timer;
  readonly #random: () => number;
  readonly #log: FetchLogger;
  readonly #robots: RobotsCache | undefined;

  constructor(deps: FetchClientDeps) {
    this.#deps = deps;
    this.#policy = deps.policy ?? defaultRetryPolicy;
    this.#timer = deps.timer ?? systemTimer;
    this.#random = deps.random ?? Math.random;
    this.#log = deps.logger ?? silentLogger;
    this.#robots =
      deps.robots === undefined
        ? undefined
        : (deps.robots.cache ?? new RobotsCache((u) => this.#loadRobots(u)));
  }

  /** Fetches one page (GET or POST, despite the name: it is the client's one verb). */
  async get(request: FetchRequestInput, options: FetchOptions = {}): Promise<FetchedPage> {
    const { fetcher, queues } = this.#deps;
    const valid = FetchRequestSchema.safeParse(request);
    // A malformed request (a bad link from a parser) is a skip for that record, not a crash.
    if (!valid.success) throw classify(valid.error);
    if (this.#robots !== undefined && this.#deps.robots !== undefined) {
      await this.#robots.assertAllowed(request.url, this.#deps.robots.userAgent);
    }
    let challengeTried = false;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const task = (): Promise<FetchedPage> => fetcher.fetch(request, options);
        return await queues.run(request.url, task, signalOption(options));
      } catch (thrown) {
        if (options.signal?.aborted === true) throw thrown;
        const error = classify(thrown);
        await this.#deps.snapshots?.capture(this.#deps.sourceId ?? 'unknown', error);
        const isChallenge = error.code === 'ERR_BLOCKED_MARKER' && this.#deps.challenge !== undefined;
        if (isChallenge && !challengeTried) {
          // One browser pass per request; the retried fetch counts as the next attempt.
          challengeTried = true;
          await this.#solveChallenge(request.url, options);
          continue;
        }
        await this.#afterFailure(error, request, attempt, options);
      }
    }
  }

  /** Applies the retry table: throws when giving up, else waits (or pauses the host). */
  async #afterFailure(
    error: PipelineError,
    request: FetchRequestInput,
    attempt: number,
    options: FetchOptions,
  ): Promise<void> {
    const facts = { err: error, url: safeUrl(request.url), attempt, code: error.code };
    const decision = decideRetry(error, attempt, this.#policy, this.#random);
    if (!decision.retry) {
      // A page that is gone (deleted posts) is an outcome, not a fault: the pipeline logs it.
      if (error instanceof NotFoundError) this.#log.debug({ url: facts.url, code: error.code }, 'page not found');
      else this.#log.warn({ ...facts, reason: decision.reason }, 'fetch gave up');
      throw error;
    }
    this.#log.warn({ ...facts, delayMs: decision.delayMs }, 'fetch failed, will retry');
    if (decision.resetSession) this.#deps.fetcher.resetSession();
    if (decision.hostBackoff) {
      // The whole host slows down, so other requests queued for it wait too.
      this.#deps.queues.pauseHost(hostKey(request.url), decision.delayMs);
    } else {
      await this.#timer.sleep(decision.delayMs, options.signal);
    }
  }

  async #solveChallenge(url: string, options: FetchOptions): Promise<void> {
    const solver = this.#deps.challenge;
    if (solver === undefined) return;
    // The browser's page load hits the host too, so it takes a politeness slot.
    const cookies = await this.#deps.queues
      .run(url, () => solver.solve(url), signalOption(options))
      .catch((error: unknown) => {
        throw options.signal?.aborted === true ? error : classify(error);
      });
    this.#deps.fetcher.cookieJar.setCookies(url, cookies);
    this.#log.info({ url: safeUrl(url), cookieNames: cookies.map((c) => c.name) }, 'passed challenge');
  }

  async #loadRobots(robotsUrl: string): Promise<ReturnType<typeof parseRobots>> {
    try {
      const { queues, fetcher } = this.#deps;
      const page = await queues.run(robotsUrl, () => fetcher.fetch({ url: robotsUrl }));
      return parseRobots(page.text);
    } catch (error) {
      return rulesAfterFailure(classify(error));
    }
  }
}

function signalOption(options: FetchOptions): { signal?: AbortSignal } {
  return options.signal === undefined ? {} : { signal: options.signal };
}
