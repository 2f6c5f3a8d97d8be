/**
 * Waiting out a store outage: ping with backoff until the store answers, and reopen the
 * client after every few failed pings (a client stuck on a dead pooled connection never
 * recovers by itself).
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';

import { waitForStore, type RunSourceInput } from '../../../src/pipeline/run-source.js';

const deps = { log: pino({ level: 'silent' }) };

function input(failures: number, extra: Partial<RunSourceInput> = {}) {
  let pings = 0;
  const sleeps: number[] = [];
  let reopened = 0;
  const inp = {
    pingStore: async () => {
      pings++;
      if (pings <= failures) throw new Error('connection 1 closed');
      return { ok: 1 };
    },
    reconnectStore: async () => {
      reopened++;
    },
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
    ...extra,
  } as unknown as RunSourceInput;
  return { inp, pings: () => pings, sleeps, reopened: () => reopened };
}

describe('waitForStore', () => {
  it('pings with doubling delays up to 15 s until the store answers', async () => {
    const w = input(7);
    await waitForStore(deps, w.inp, new Error('down'));
    expect(w.pings()).toBe(8);
    expect(w.sleeps).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000]);
  });

  it('reopens the client after every third failed ping in a row', async () => {
    const w = input(7);
    await waitForStore(deps, w.inp, new Error('down'));
    expect(w.reopened()).toBe(2);
    const quick = input(2);
    await waitForStore(deps, quick.inp, new Error('down'));
    expect(quick.reopened()).toBe(0);
  });

  it('keeps waiting when reopening fails', async () => {
    let attempts = 0;
    const w = input(4, {
      reconnectStore: async () => {
        attempts++;
        throw new Error('still down');
      },
    } as Partial<RunSourceInput>);
    await waitForStore(deps, w.inp, new Error('down'));
    expect(attempts).toBe(1);
    expect(w.pings()).toBe(5);
  });

  it('gives up after the outage limit with the last error', async () => {
    const w = input(Infinity, { storeOutageMaxMs: -1 } as Partial<RunSourceInput>);
    await expect(waitForStore(deps, w.inp, new Error('down'))).rejects.toThrow('connection 1 closed');
    expect(w.pings()).toBe(1);
  });
});
