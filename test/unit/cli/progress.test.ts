import { PassThrough } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { formatSeconds, Progress } from '../../../src/cli/commands/progress.js';
import { RunSummary } from '../../../src/pipeline/run-summary.js';

function sink(isTTY: boolean) {
  const out = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  return { out, text: () => text };
}

describe('crawl progress', () => {
  it('rewrites one line on a TTY with counts, rate and ETA', () => {
    let now = 0;
    const s = sink(true);
    const p = new Progress({ out: s.out, maxPages: 100, now: () => now });
    const summary = new RunSummary(new Date(0));
    now = 10_000;
    summary.add('pages', 20);
    summary.add('messages', 18);
    summary.add('inserted', 18);
    p.update(summary);
    expect(s.text()).toMatch(/^\r.*pages 20 \| messages 18 \(new 18, changed 0\) \| failed 0 \| 2\.0 pages\/s \| ETA 0m40s/);
  });

  it('writes a plain line at most every interval when not on a TTY', () => {
    let now = 0;
    const s = sink(false);
    const p = new Progress({ out: s.out, plainEveryMs: 30_000, now: () => now });
    const summary = new RunSummary(new Date(0));
    for (now = 1000; now <= 65_000; now += 1000) p.update(summary);
    expect(s.text().split('\n').filter(Boolean)).toHaveLength(2);
    expect(s.text()).not.toContain('\r');
  });

  it('formats durations', () => {
    expect(formatSeconds(59)).toBe('0m59s');
    expect(formatSeconds(3725)).toBe('1h02m');
  });
});
