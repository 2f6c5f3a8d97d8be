import { describe, expect, it } from 'vitest';

import { frontierTasks, sweepOfKey } from '../../../src/pipeline/process-task.js';

describe('sweep keys', () => {
  it('reads back the sweep a list task was keyed with, also for generated sub-sweeps', () => {
    const [a, b] = frontierTasks([{ kind: 'list', path: '/l?page=2' }, { kind: 'list', path: '/l?page=2' }], 'sweep-x1.3');
    expect(sweepOfKey(a!.key!)).toBe('sweep-x1.3');
    // The same page in another sweep is another task.
    const [c] = frontierTasks([{ kind: 'list', path: '/l?page=2' }], 'sweep-x1.4');
    expect(c!.key).not.toBe(b!.key);
  });

  it('gives null for tasks with their own key', () => {
    const [d] = frontierTasks([{ kind: 'detail', path: '/d?tid=1', key: 'tid:1' }], 'sweep-x1');
    expect(d!.key).toBe('tid:1');
    expect(sweepOfKey('tid:1')).toBeNull();
  });
});
