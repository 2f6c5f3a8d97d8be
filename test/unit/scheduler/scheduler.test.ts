import pino from 'pino';
import { describe, expect, it } from 'vitest';

import { RunSummary } from '../../../src/pipeline/run-summary.js';
import type { RunResult } from '../../../src/pipeline/run-source.js';
import { startHealthServer } from '../../../src/scheduler/health-server.js';
import { PipelineMetrics } from '../../../src/scheduler/metrics.js';
import { Scheduler } from '../../../src/scheduler/scheduler.js';
import { systemClock } from '../../../src/shared/clock.js';

const log = pino({ level: 'silent' });

function result(state: RunResult['state']): RunResult {
  const summary = new RunSummary(new Date());
  summary.add('pages', 3);
  summary.add('inserted', 2);
  summary.error('ERR_HTTP_5XX');
  return { runId: 'r', state, reason: null, summary };
}

/** A run that lasts until its signal aborts, counting how many started. */
function blockingRun() {
  let started = 0;
  const run = (_id: string, signal: AbortSignal): Promise<RunResult> => {
    started += 1;
    return new Promise((resolve) => signal.addEventListener('abort', () => resolve(result('interrupted'))));
  };
  return { run, started: () => started };
}

describe('scheduler', () => {
  it('starts the next run when the previous one says its source has work again, not at the cron tick', async () => {
    const starts: number[] = [];
    const run = async (): Promise<RunResult> => {
      starts.push(Date.now());
      // The first run reports work due 50 ms after it ends; the second reports none.
      return { ...result('finished'), nextDueAt: starts.length === 1 ? new Date(Date.now() + 50) : null };
    };
    const s = new Scheduler({ sources: [{ id: 'a', cron: '0 0 1 1 *' }], run, log, clock: systemClock, metrics: new PipelineMetrics(), timezone: 'Asia/Shanghai', jitterMs: 0, runAtStart: true, minWakeMs: 0 });
    s.start();
    await new Promise((r) => setTimeout(r, 400));
    await s.stop();
    expect(starts).toHaveLength(2);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(45);
  });

  it('never runs one source twice at once', async () => {
    const b = blockingRun();
    const s = new Scheduler({ sources: [{ id: 'a', cron: '0 0 1 1 *' }], run: b.run, log, clock: systemClock, metrics: new PipelineMetrics(), timezone: 'Asia/Shanghai', jitterMs: 0, runAtStart: false });
    s.start();
    void s.trigger('a');
    void s.trigger('a');
    expect(b.started()).toBe(1);
    expect(s.status().a?.running).toBe(true);
    await s.stop();
    expect(s.status().a).toMatchObject({ running: false, lastState: 'interrupted' });
  });

  it('stop() aborts running sources and waits for them to hand back', async () => {
    const b = blockingRun();
    const s = new Scheduler({ sources: [{ id: 'a', cron: '* * * * *' }, { id: 'b', cron: '* * * * *' }], run: b.run, log, clock: systemClock, metrics: new PipelineMetrics(), timezone: 'Asia/Shanghai', jitterMs: 0, runAtStart: true });
    s.start();
    expect(b.started()).toBe(2);
    await s.stop();
    expect(Object.values(s.status()).every((x) => !x.running)).toBe(true);
    await s.trigger('a'); // after stop nothing new starts
    expect(b.started()).toBe(2);
  });

  it('rejects an invalid cron expression naming the source', () => {
    const make = () => new Scheduler({ sources: [{ id: 'bad', cron: 'every day' }], run: blockingRun().run, log, clock: systemClock, metrics: new PipelineMetrics(), timezone: 'Asia/Shanghai', jitterMs: 0, runAtStart: false });
    expect(make).toThrow(/bad.*every day/);
  });

  it('serves health and Prometheus metrics from finished runs', async () => {
    const metrics = new PipelineMetrics();
    const s = new Scheduler({ sources: [{ id: 'a', cron: '0 0 1 1 *' }], run: async () => result('finished'), log, clock: systemClock, metrics, timezone: 'Asia/Shanghai', jitterMs: 0, runAtStart: false });
    await s.trigger('a');
    const server = await startHealthServer(s, metrics, '127.0.0.1', 0);
    try {
      const health = (await (await fetch(`${server.url}/health`)).json()) as { status: string; sources: Record<string, { lastState: string }> };
      expect(health.status).toBe('ok');
      expect(health.sources.a?.lastState).toBe('finished');
      const text = await (await fetch(`${server.url}/metrics`)).text();
      expect(text).toMatch(/wenzheng_pages_total\{source="a"\} 3/);
      expect(text).toMatch(/wenzheng_messages_total\{source="a",outcome="inserted"\} 2/);
      expect(text).toMatch(/wenzheng_errors_total\{source="a",code="ERR_HTTP_5XX"\} 1/);
      expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    } finally {
      await server.close();
      await s.stop();
    }
  });
});
