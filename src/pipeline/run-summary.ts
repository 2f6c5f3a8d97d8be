/** Counters of one source run, grouped errors included; becomes the `runs` document. */
export interface RunCounts {
  pages: number;
  messages: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
  deadLettered: number;
  deferred: number;
  /** Messages a status sweep saw changed on the list and sent to be fetched again. */
  statusChanged: number;
}

export class RunSummary {
  readonly counts: RunCounts = {
    pages: 0,
    messages: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    failed: 0,
    deadLettered: 0,
    deferred: 0,
    statusChanged: 0,
  };
  readonly errorsByCode: Record<string, number> = {};
  readonly startedAt: Date;

  constructor(startedAt: Date) {
    this.startedAt = startedAt;
  }

  add(key: keyof RunCounts, n = 1): void {
    this.counts[key] += n;
  }

  error(code: string): void {
    this.errorsByCode[code] = (this.errorsByCode[code] ?? 0) + 1;
  }
}
