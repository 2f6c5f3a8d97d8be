import { describe, expect, it } from 'vitest';

import { ErrorBudget } from '../../../src/pipeline/error-budget.js';

describe('error budget', () => {
  it('trips on consecutive parse errors, and a success resets the streak', () => {
    const b = new ErrorBudget({ maxFailedPagesRatio: 1, maxConsecutiveParseErrors: 3 });
    b.failure(true);
    b.failure(true);
    b.success();
    b.failure(true);
    b.failure(true);
    expect(b.exceeded()).toBeNull();
    b.failure(true);
    expect(b.exceeded()).toMatch(/3 parse errors in a row/);
  });

  it('trips on the failed-page ratio only after enough pages', () => {
    const b = new ErrorBudget({ maxFailedPagesRatio: 0.2, maxConsecutiveParseErrors: 99, minPages: 10 });
    for (let i = 0; i < 3; i++) b.failure(false);
    expect(b.exceeded()).toBeNull();
    for (let i = 0; i < 7; i++) b.success();
    expect(b.exceeded()).toMatch(/3 of 10 pages failed/);
  });

  it('does not count network failures toward the parse streak', () => {
    const b = new ErrorBudget({ maxFailedPagesRatio: 1, maxConsecutiveParseErrors: 2 });
    b.failure(true);
    b.failure(false);
    b.failure(true);
    expect(b.exceeded()).toBeNull();
  });
});
