import { describe, expect, it } from 'vitest';

import { pickSweepGeneration, sweepBase } from '../../../src/pipeline/build-run.js';

const base = sweepBase({ source: 'renmin', since: null });

describe('pickSweepGeneration', () => {
  it('starts generation 0 for a request never run', () => {
    expect(pickSweepGeneration(base, [])).toBe(`${base}.0`);
  });

  it('resumes the newest generation while it has not finished (killed, stopped, failed)', () => {
    for (const state of ['running', 'interrupted', 'failed']) {
      expect(pickSweepGeneration(base, [{ sweepId: `${base}.0`, state: 'finished' }, { sweepId: `${base}.1`, state }])).toBe(`${base}.1`);
    }
  });

  it('starts the next generation once the newest finished, even after earlier interrupted runs of it', () => {
    const runs = [
      { sweepId: `${base}.2`, state: 'interrupted' },
      { sweepId: `${base}.2`, state: 'finished' },
      { sweepId: `${base}.0`, state: 'finished' },
    ];
    expect(pickSweepGeneration(base, runs)).toBe(`${base}.3`);
  });

  it('ignores other requests and the daemon’s sweeps', () => {
    const other = sweepBase({ source: 'renmin', since: '2026-01-01' });
    expect(pickSweepGeneration(base, [{ sweepId: `${other}.4`, state: 'finished' }, { sweepId: `${base}x.1`, state: 'finished' }])).toBe(`${base}.0`);
  });
});
