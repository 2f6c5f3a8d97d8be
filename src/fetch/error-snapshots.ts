/**
 * Error snapshots (Crawlee's ErrorSnapshotter): the first time a source hits an error code,
 * the response that caused it is saved as fixture-style bytes plus meta, so the next layout
 * change or WAF page can become a test fixture. Cookies and auth headers are redacted.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Clock } from '../shared/clock.js';
import { systemClock } from '../shared/clock.js';
import type { PipelineError } from '../shared/errors.js';
import { type FetchLogger, redactHeaders, safeUrl, silentLogger } from './fetch-logger.js';

/** The response behind a failure; kept off the error object so it is never logged. */
export interface ResponseSnapshot {
  url: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  bytes: Uint8Array;
}

// A WeakMap rather than a property: house style forbids enumerable bodies on errors, and
// this way a serialised error cannot leak the page.
const responses = new WeakMap<Error, ResponseSnapshot>();

/** Associates the response that caused `error` with it. */
export function attachResponse(error: Error, snapshot: ResponseSnapshot): void {
  responses.set(error, snapshot);
}

/** The response that caused `error`, when the fetcher saw one. */
export function responseOf(error: Error): ResponseSnapshot | undefined {
  return responses.get(error);
}

/** Where the files of one snapshot were written. */
export interface SnapshotFiles {
  bodyPath: string;
  metaPath: string;
}

/** Saves one snapshot per (source, code) per process. */
export class ErrorSnapshotter {
  readonly #dir: string;
  readonly #clock: Clock;
  readonly #log: FetchLogger;
  readonly #seen = new Set<string>();

  /** @param dir root directory, e.g. `data/snapshots`; files go to `<dir>/<source>/`. */
  constructor(dir: string, deps: { clock?: Clock; logger?: FetchLogger } = {}) {
    this.#dir = dir;
    this.#clock = deps.clock ?? systemClock;
    this.#log = deps.logger ?? silentLogger;
  }

  /**
   * Saves the error's response if this is the first `error.code` for `sourceId` and a
   * response is known. Never throws: a failing snapshot must not fail the fetch.
   */
  async capture(sourceId: string, error: PipelineError): Promise<SnapshotFiles | undefined> {
    const snapshot = responseOf(error);
    const key = `${sourceId}\u0000${error.code}`;
    if (snapshot === undefined || this.#seen.has(key)) return undefined;
    this.#seen.add(key);
    try {
      return await this.#write(sourceId, error, snapshot);
    } catch (writeError) {
      this.#log.warn({ err: writeError, source: sourceId, code: error.code }, 'error snapshot failed');
      return undefined;
    }
  }

  async #write(
    sourceId: string,
    error: PipelineError,
    snapshot: ResponseSnapshot,
  ): Promise<SnapshotFiles> {
    const at = this.#clock.now();
    const dir = join(this.#dir, safeSegment(sourceId));
    const base = `${safeSegment(error.code)}-${at.toISOString().replace(/[:.]/g, '-')}`;
    const files = { bodyPath: join(dir, `${base}.bin`), metaPath: join(dir, `${base}.meta.json`) };
    const meta = {
      url: safeUrl(snapshot.url),
      finalUrl: safeUrl(snapshot.finalUrl),
      status: snapshot.status,
      headers: redactHeaders(snapshot.headers),
      fetchedAt: at.toISOString(),
      error: { name: error.name, code: error.code, message: error.message },
      bytes: snapshot.bytes.byteLength,
    };
    await mkdir(dir, { recursive: true });
    await writeFile(files.bodyPath, snapshot.bytes);
    await writeFile(files.metaPath, `${JSON.stringify(meta, null, 2)}\n`);
    const facts = { source: sourceId, code: error.code, path: files.bodyPath };
    this.#log.info(facts, 'saved error snapshot');
    return files;
  }
}

function safeSegment(value: string): string {
  return value.replace(/[^\w.-]/g, '_');
}
