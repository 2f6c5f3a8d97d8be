import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { estimate, type HandLabels, readHandLabels } from '../../../tools/eval-dedup-hand.js';

// Synthetic ids only: stratum "big" stands for 10 pairs with 2 read, "all" is read in full.
const labels: HandLabels = {
  drawnAt: 'test',
  criterion: 'test',
  strata: { big: { population: 10, sampled: 2 }, all: { population: 2, sampled: 2 } },
  pairs: [
    { a: '1', b: '2', stratum: 'big', label: 'repost' },
    { a: '3', b: '4', stratum: 'big', label: 'different' },
    { a: '5', b: '6', stratum: 'all', label: 'repost' },
    { a: '7', b: '8', stratum: 'all', label: 'same-issue' },
  ],
};

describe('estimate (hand-labelled sample)', () => {
  it('weights each pair by its stratum population over its sample size', () => {
    // Accept 1-2 (repost, weight 5), 3-4 (different, weight 5) and 7-8 (same issue, weight 1).
    const accepted = new Set(['1|2', '3|4', '7|8']);
    const e = estimate(labels, (a, b) => accepted.has(`${a}|${b}`), () => true);
    expect(e.precision).toBeCloseTo(6 / 11, 10);
    // Reposts: 1-2 (weight 5, accepted) and 5-6 (weight 1, missed).
    expect(e.repostRecall).toBeCloseTo(5 / 6, 10);
    expect(e.sameIssueRecall).toBeCloseTo(6 / 7, 10);
    // The rule calls everything the same issue: wrong only on 3-4 (weight 5 of 12).
    expect(e.ruleAgreement).toBeCloseTo(7 / 12, 10);
    expect(e.precisionInterval[0]).toBeLessThanOrEqual(e.precision);
    expect(e.precisionInterval[1]).toBeGreaterThanOrEqual(e.precision);
  });

  it('rejects a labels file that names a stratum it does not define', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hand-labels-'));
    const file = path.join(dir, 'labels.json');
    writeFileSync(file, JSON.stringify({ ...labels, pairs: [{ a: '1', b: '2', stratum: 'nope', label: 'repost' }] }));
    expect(() => readHandLabels(file)).toThrow(/unknown stratum "nope"/);
  });

  it('reads the committed 泰迪杯 labels, whose strata sample sizes match their pairs', () => {
    const committed = readHandLabels(path.join(import.meta.dirname, '../../../tools/tipdm-hand-labels.json'));
    for (const [name, s] of Object.entries(committed.strata)) {
      expect(committed.pairs.filter((p) => p.stratum === name)).toHaveLength(s.sampled);
    }
  });
});
