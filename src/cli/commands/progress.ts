/**
 * Progress of a crawl: on a TTY one line rewritten in place with counts and rates; otherwise
 * a plain line every `plainEveryMs`, so logs of cron runs and CI stay readable.
 */
import type { RunSummary } from '../../pipeline/run-summary.js';

export interface ProgressOptions {
  out: NodeJS.WritableStream & { isTTY?: boolean };
  /** Pages the run will fetch at most (from --max-pages), for an ETA. */
  maxPages?: number | undefined;
  plainEveryMs?: number;
  now?: () => number;
}

export class Progress {
  readonly #o: Required<Omit<ProgressOptions, 'maxPages'>> & { maxPages: number | undefined };
  readonly #started: number;
  #lastWrite = 0;

  constructor(options: ProgressOptions) {
    this.#o = { plainEveryMs: 30_000, now: Date.now, ...options, maxPages: options.maxPages };
    this.#started = this.#o.now();
  }

  /** Renders the current counts if enough time has passed since the last line. */
  update(summary: RunSummary): void {
    const now = this.#o.now();
    const every = this.#o.out.isTTY ? 500 : this.#o.plainEveryMs;
    if (now - this.#lastWrite < every) return;
    this.#lastWrite = now;
    const line = this.line(summary, now);
    this.#o.out.write(this.#o.out.isTTY ? `\r${line}\u001b[K` : `${line}\n`);
  }

  /** Ends the in-place line on a TTY. */
  done(): void {
    if (this.#o.out.isTTY && this.#lastWrite > 0) this.#o.out.write('\n');
  }

  line(summary: RunSummary, now = this.#o.now()): string {
    const c = summary.counts;
    const secs = Math.max(0.001, (now - this.#started) / 1000);
    const rate = c.pages / secs;
    const parts = [
      `pages ${c.pages}`,
      `messages ${c.messages} (new ${c.inserted}, changed ${c.updated})`,
      `failed ${c.failed}`,
      `${rate.toFixed(1)} pages/s`,
    ];
    if (this.#o.maxPages && rate > 0) {
      const left = Math.max(0, this.#o.maxPages - c.pages) / rate;
      parts.push(`ETA ${formatSeconds(left)}`);
    }
    return parts.join(' | ');
  }
}

export function formatSeconds(s: number): string {
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(sec).padStart(2, '0')}s`;
}
