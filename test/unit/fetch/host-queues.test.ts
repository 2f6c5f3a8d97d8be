import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { HostQueues } from '../../../src/fetch/host-queues.js';
import { NotFoundError, TransientFetchError } from '../../../src/shared/errors.js';

const A = 'http://a.example.cn/page';
const B = 'http://b.example.cn/page';
const fixedRandom = (): number => 0.5;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(0);
});
afterEach(() => {
  vi.useRealTimers();
});

/** Runs tasks for `url` that record their start times. */
function startRecorder(queues: HostQueues, url: string, n: number, durationMs = 0): { starts: number[]; done: Promise<unknown> } {
  const starts: number[] = [];
  const task = async (): Promise<void> => {
    starts.push(Date.now());
    if (durationMs > 0) await new Promise((r) => setTimeout(r, durationMs));
  };
  const done = Promise.all(Array.from({ length: n }, () => queues.run(url, task)));
  return { starts, done };
}

const gaps = (times: number[]): number[] => times.slice(1).map((t, i) => t - (times[i] ?? 0));
const failing = (): Promise<never> => Promise.reject(new TransientFetchError('down', { code: 'ERR_HTTP_5XX' }));

describe('HostQueues intervals', () => {
  it('spaces request starts by minInterval plus jitter', async () => {
    const queues = new HostQueues({ minIntervalMs: 1000, jitterMs: 500 }, { random: fixedRandom });
    const { starts, done } = startRecorder(queues, A, 4);
    await vi.advanceTimersByTimeAsync(10_000);
    await done;
    expect(starts[0]).toBe(0);
    expect(gaps(starts)).toEqual([1250, 1250, 1250]);
  });

  it('keeps hosts independent', async () => {
    const queues = new HostQueues({ minIntervalMs: 1000, jitterMs: 0 });
    const a = startRecorder(queues, A, 2);
    const b = startRecorder(queues, B, 2);
    await vi.advanceTimersByTimeAsync(5000);
    await Promise.all([a.done, b.done]);
    expect(a.starts).toEqual([0, 1000]);
    expect(b.starts).toEqual([0, 1000]);
  });

  it('limits concurrency per host', async () => {
    const queues = new HostQueues({ concurrency: 2, minIntervalMs: 0, jitterMs: 0 });
    const { starts, done } = startRecorder(queues, A, 3, 500);
    await vi.advanceTimersByTimeAsync(2000);
    await done;
    expect(starts).toEqual([0, 0, 500]);
  });

  it('uses per-host overrides', async () => {
    const queues = new HostQueues({ minIntervalMs: 1000, jitterMs: 0 });
    queues.configure('b.example.cn', { minIntervalMs: 3000, jitterMs: 0 });
    const { starts, done } = startRecorder(queues, B, 2);
    await vi.advanceTimersByTimeAsync(5000);
    await done;
    expect(starts).toEqual([0, 3000]);
  });

  it('delays the next start while the host is paused', async () => {
    const queues = new HostQueues({ minIntervalMs: 1000, jitterMs: 0 });
    await queues.run(A, async () => undefined);
    queues.pauseHost('a.example.cn', 8000);
    const { starts, done } = startRecorder(queues, A, 2);
    await vi.advanceTimersByTimeAsync(12_000);
    await done;
    expect(starts).toEqual([8000, 9000]);
  });
});

describe('HostQueues circuit breaker', () => {
  const policy = { minIntervalMs: 0, jitterMs: 0, failureThreshold: 3, coolDownMs: 10_000 };

  async function openCircuit(queues: HostQueues): Promise<void> {
    for (let i = 0; i < 3; i += 1) await expect(queues.run(A, failing)).rejects.toBeInstanceOf(TransientFetchError);
  }

  it('opens after N consecutive failures and fails fast without calling the task', async () => {
    const queues = new HostQueues(policy);
    await openCircuit(queues);
    expect(queues.breakerState('a.example.cn')).toBe('open');
    const task = vi.fn(async () => 'x');
    await expect(queues.run(A, task)).rejects.toMatchObject({ code: 'ERR_CIRCUIT_OPEN', retryAfterMs: 10_000 });
    expect(task).not.toHaveBeenCalled();
    expect(queues.breakerState('b.example.cn')).toBe('closed');
  });

  it('lets one probe through after the cool-down; success closes it', async () => {
    const queues = new HostQueues({ ...policy, concurrency: 2 });
    await openCircuit(queues);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(queues.breakerState('a.example.cn')).toBe('half-open');
    let release: () => void = () => undefined;
    const probe = queues.run(A, () => new Promise<string>((r) => (release = () => r('probe ok'))));
    await vi.advanceTimersByTimeAsync(0);
    await expect(queues.run(A, async () => 'second')).rejects.toMatchObject({ code: 'ERR_CIRCUIT_OPEN' });
    release();
    await expect(probe).resolves.toBe('probe ok');
    expect(queues.breakerState('a.example.cn')).toBe('closed');
    await expect(queues.run(A, async () => 'after')).resolves.toBe('after');
  });

  it('re-opens when the probe fails', async () => {
    const queues = new HostQueues(policy);
    await openCircuit(queues);
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(queues.run(A, failing)).rejects.toBeInstanceOf(TransientFetchError);
    expect(queues.breakerState('a.example.cn')).toBe('open');
  });

  it('does not count answers such as 404 as host failures', async () => {
    const queues = new HostQueues(policy);
    await expect(queues.run(A, failing)).rejects.toBeDefined();
    await expect(queues.run(A, failing)).rejects.toBeDefined();
    await expect(queues.run(A, () => Promise.reject(new NotFoundError('gone')))).rejects.toBeDefined();
    await expect(queues.run(A, failing)).rejects.toBeDefined();
    expect(queues.breakerState('a.example.cn')).toBe('closed');
  });
});

describe('shared slots', () => {
  it('books a cross-process slot for every paced request, after local pacing, and none when unpaced', async () => {
    const booked: Array<[string, number, number]> = [];
    const slots = { acquire: async (host: string, intervalMs: number) => void booked.push([host, intervalMs, Date.now()]) };
    const queues = new HostQueues({ minIntervalMs: 1000, jitterMs: 0 }, { slots });
    queues.configure('b.example.cn', { minIntervalMs: 0, jitterMs: 0 });
    const a = startRecorder(queues, A, 3);
    const b = startRecorder(queues, B, 2);
    await vi.runAllTimersAsync();
    await Promise.all([a.done, b.done]);
    expect(booked.map(([host, interval]) => [host, interval])).toEqual([['a.example.cn', 1000], ['a.example.cn', 1000], ['a.example.cn', 1000]]);
    expect(booked.map(([, , at]) => at)).toEqual([0, 1000, 2000]);
  });

  it('does not start the request until the shared slot comes', async () => {
    const slots = { acquire: () => new Promise<void>((resolve) => setTimeout(resolve, 700)) };
    const queues = new HostQueues({ minIntervalMs: 100, jitterMs: 0 }, { slots });
    const rec = startRecorder(queues, A, 2);
    await vi.runAllTimersAsync();
    await rec.done;
    expect(rec.starts).toEqual([700, 1400]);
  });
});
