/**
 * Turns a source's declared fetch traits into a working fetch stack: one HTTP session
 * (cookie jar) per source, the process-wide host queues, the retry table, the snapshotter,
 * and the real browser when the source declares a JavaScript challenge.
 */
import type { AppConfig } from '../config/schema.js';
import type { TaskDoc } from '../frontier/schemas.js';
import { FetchClient, type ChallengeSolver } from '../fetch/fetch-client.js';
import type { HostQueues } from '../fetch/host-queues.js';
import { HttpFetcher } from '../fetch/http-fetcher.js';
import type { ErrorSnapshotter } from '../fetch/error-snapshots.js';
import type { AnySource } from '../sources/registry.js';
import type { Logger } from '../shared/logger.js';
import type { FetchedPage } from '../shared/types.js';

export type PageFetcher = (task: Pick<TaskDoc, 'kind' | 'path' | 'method' | 'form' | 'json' | 'headers'>, signal?: AbortSignal) => Promise<FetchedPage>;

export interface PageFetcherDeps {
  source: AnySource;
  baseUrl: string;
  config: Pick<AppConfig, 'fetch'> & { sources: AppConfig['sources'] };
  queues: HostQueues;
  log: Logger;
  snapshots?: ErrorSnapshotter;
  challenge?: ChallengeSolver;
}

/** Builds the fetch function a source run uses; URLs are the task path on the base URL. */
export function createPageFetcher(deps: PageFetcherDeps): PageFetcher {
  const { source, baseUrl, config } = deps;
  // Precedence: this source's config > what the source declares > the global defaults.
  const own = config.sources[source.id]?.fetch ?? {};
  const fetchConfig = { ...config.fetch, ...own };
  const host = new URL(baseUrl).host;
  deps.queues.configure(host, {
    concurrency: own.concurrency ?? source.fetch.concurrency ?? config.fetch.concurrency,
    minIntervalMs: own.minIntervalMs ?? source.fetch.minIntervalMs ?? config.fetch.minIntervalMs,
    jitterMs: fetchConfig.jitterMs,
  });
  const fetcher = new HttpFetcher(
    {
      allowedHosts: source.allowedHosts,
      timeoutMs: fetchConfig.timeoutMs,
      maxBytes: fetchConfig.maxBytes,
      userAgent: fetchConfig.userAgent,
      ...(source.fetch.encoding === 'auto' ? {} : { encoding: source.fetch.encoding }),
      ...(source.fetch.warmupPath ? { warmUpUrl: new URL(source.fetch.warmupPath, baseUrl).toString() } : {}),
      block: { statuses: source.block.statuses, markers: source.block.markers, checkJson: false },
    },
    { logger: deps.log },
  );
  const client = new FetchClient({
    fetcher,
    queues: deps.queues,
    sourceId: source.id,
    logger: deps.log,
    ...(deps.snapshots ? { snapshots: deps.snapshots } : {}),
    ...(deps.challenge ? { challenge: deps.challenge } : {}),
  });
  return (task, signal) =>
    client.get(
      {
        url: new URL(task.path, baseUrl).toString(),
        method: task.method,
        kind: task.kind,
        ...(task.form ? { form: task.form } : {}),
        ...(task.json !== null && task.json !== undefined ? { json: task.json } : {}),
        ...(task.headers ? { headers: task.headers } : {}),
      },
      signal ? { signal } : {},
    );
}
