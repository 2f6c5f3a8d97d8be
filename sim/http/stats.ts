/**
 * Ids inside paths (xjlb_123.jspx, content/<uuid>.html) become placeholders, so a crawl of a
 * million pages keeps one counter per endpoint instead of one per page.
 */
export function pathKey(path: string): string {
  return path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{id}').replace(/\d+/g, '{n}');
}

/** Request counters per board, endpoint and status; read by GET /_admin/stats. */
export class BoardStats {
  total = 0;
  readonly byPath = new Map<string, number>();
  readonly byStatus = new Map<number, number>();
  readonly byOutcome = new Map<string, number>();
  /** Smallest gap between two request arrivals, in real ms (politeness checks); null before two. */
  minGapMs: number | null = null;
  #lastArrivalMs: number | null = null;

  /** Called when a request arrives, before any latency is simulated. */
  arrive(nowMs = performance.now()): void {
    if (this.#lastArrivalMs !== null) {
      const gap = nowMs - this.#lastArrivalMs;
      if (this.minGapMs === null || gap < this.minGapMs) this.minGapMs = gap;
    }
    this.#lastArrivalMs = nowMs;
  }

  record(path: string, status: number, outcome: string): void {
    this.total++;
    const key = pathKey(path);
    this.byPath.set(key, (this.byPath.get(key) ?? 0) + 1);
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    this.byOutcome.set(outcome, (this.byOutcome.get(outcome) ?? 0) + 1);
  }

  reset(): void {
    this.total = 0;
    this.byPath.clear();
    this.byStatus.clear();
    this.byOutcome.clear();
    this.minGapMs = null;
    this.#lastArrivalMs = null;
  }

  toJSON(): Record<string, unknown> {
    return {
      total: this.total,
      byPath: Object.fromEntries(this.byPath),
      byStatus: Object.fromEntries(this.byStatus),
      byOutcome: Object.fromEntries(this.byOutcome),
      minGapMs: this.minGapMs === null ? null : Math.round(this.minGapMs * 10) / 10,
    };
  }
}
