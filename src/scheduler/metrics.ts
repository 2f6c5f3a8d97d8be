/** Prometheus metrics of the daemon (prom-client), fed from run results. */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

import type { RunResult } from '../pipeline/run-source.js';

export class PipelineMetrics {
  readonly registry = new Registry();
  readonly #pages = new Counter({ name: 'wenzheng_pages_total', help: 'Pages fetched', labelNames: ['source'], registers: [this.registry] });
  readonly #messages = new Counter({
    name: 'wenzheng_messages_total',
    help: 'Messages stored, by outcome',
    labelNames: ['source', 'outcome'],
    registers: [this.registry],
  });
  readonly #errors = new Counter({ name: 'wenzheng_errors_total', help: 'Errors by code', labelNames: ['source', 'code'], registers: [this.registry] });
  readonly #runs = new Counter({ name: 'wenzheng_runs_total', help: 'Source runs by final state', labelNames: ['source', 'state'], registers: [this.registry] });
  readonly #running = new Gauge({ name: 'wenzheng_run_in_progress', help: '1 while a source runs', labelNames: ['source'], registers: [this.registry] });
  readonly #lastRun = new Gauge({
    name: 'wenzheng_last_run_finished_seconds',
    help: 'Unix time the last run of a source finished',
    labelNames: ['source'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'wenzheng_process_' });
  }

  started(source: string): void {
    this.#running.set({ source }, 1);
  }

  finished(source: string, result: RunResult | null, at: Date): void {
    this.#running.set({ source }, 0);
    this.#lastRun.set({ source }, at.getTime() / 1000);
    if (!result) {
      this.#runs.inc({ source, state: 'failed' });
      return;
    }
    const c = result.summary.counts;
    this.#runs.inc({ source, state: result.state });
    this.#pages.inc({ source }, c.pages);
    for (const outcome of ['inserted', 'updated', 'unchanged'] as const) this.#messages.inc({ source, outcome }, c[outcome]);
    for (const [code, n] of Object.entries(result.summary.errorsByCode)) this.#errors.inc({ source, code }, n);
  }
}
