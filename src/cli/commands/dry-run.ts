/**
 * `crawl --dry-run`: fetches and parses from the seeds, breadth first, up to --max-pages,
 * and prints what would be stored. Nothing is written: no database is opened.
 */
import { HostQueues } from '../../fetch/host-queues.js';
import { normalizeMessage } from '../../normalize/message.js';
import { baseUrlOf } from '../../pipeline/build-run.js';
import { createPageFetcher } from '../../pipeline/page-fetcher.js';
import { parsePage } from '../../pipeline/process-task.js';
import { TaskSchema } from '../../sources/define-source.js';
import { sourceOptions, type AnySource } from '../../sources/registry.js';
import { classify } from '../../shared/classify.js';
import type { App } from '../app.js';

export interface DryRunArgs {
  since: Date | null;
  until: Date | null;
  maxPages: number;
}

/** Returns the exit code: 0 when every fetched page parsed. */
export async function dryRun(app: App, source: AnySource, args: DryRunArgs, out: NodeJS.WritableStream): Promise<number> {
  const options = sourceOptions(source, app.config);
  const fetchPage = createPageFetcher({ source, baseUrl: baseUrlOf(app, source), config: app.config, queues: new HostQueues({}, {}), log: app.log });
  const queue = source.seeds({ options, since: args.since, until: args.until }).map((t) => TaskSchema.parse(t));
  let pages = 0;
  let failures = 0;
  while (queue.length > 0 && pages < args.maxPages) {
    const task = queue.shift()!;
    const doc = { ...task, form: task.form ?? null, json: task.json ?? null, headers: task.headers ?? null };
    try {
      const page = await fetchPage(doc);
      pages += 1;
      const result = parsePage(source, { ...doc, _id: 'dry', source: source.id, key: 'dry', state: 'queued', priority: 0, notBefore: page.fetchedAt, attempts: 0, visits: 0, lastError: null, gen: 0, createdAt: page.fetchedAt, updatedAt: page.fetchedAt }, page, options);
      queue.push(...result.follow.map((t) => TaskSchema.parse(t)));
      out.write(`${task.kind} ${task.path}: ${result.messages.length} messages, ${result.follow.length} links\n`);
      for (const m of result.messages) {
        const n = normalizeMessage(m, { source: source.id, now: page.fetchedAt, maskSensitive: app.config.privacy.maskSensitive });
        out.write(`  ${n.externalId}  [${n.status.code}] ${n.title.slice(0, 40)}  posted ${n.postedAt?.toISOString() ?? '?'}  replies ${n.replies.length}\n`);
      }
    } catch (err) {
      failures += 1;
      const e = classify(err);
      out.write(`${task.kind} ${task.path}: ${e.code} ${e.message}\n`);
    }
  }
  out.write(`dry run: ${pages} pages fetched, ${failures} failed, ${queue.length} links not followed (--max-pages=${args.maxPages}); nothing was stored\n`);
  return failures === 0 ? 0 : 1;
}
