/**
 * A source run's error budget: too many failed pages, or several parse errors in a row
 * (the layout probably changed), stop that source only; other sources go on.
 */
export interface ErrorBudgetOptions {
  maxFailedPagesRatio: number;
  maxConsecutiveParseErrors: number;
  /** Ratios are not judged before this many pages. @default 10 */
  minPages?: number;
}

export class ErrorBudget {
  readonly #options: ErrorBudgetOptions;
  #pages = 0;
  #failed = 0;
  #consecutiveParse = 0;

  constructor(options: ErrorBudgetOptions) {
    this.#options = options;
  }

  success(): void {
    this.#pages += 1;
    this.#consecutiveParse = 0;
  }

  failure(isParseError: boolean): void {
    this.#pages += 1;
    this.#failed += 1;
    this.#consecutiveParse = isParseError ? this.#consecutiveParse + 1 : 0;
  }

  /** Why the budget is exhausted, or null while it is not. */
  exceeded(): string | null {
    if (this.#consecutiveParse >= this.#options.maxConsecutiveParseErrors) {
      return `${this.#consecutiveParse} parse errors in a row (layout changed?)`;
    }
    const minPages = this.#options.minPages ?? 10;
    if (this.#pages >= minPages && this.#failed / this.#pages > this.#options.maxFailedPagesRatio) {
      return `${this.#failed} of ${this.#pages} pages failed`;
    }
    return null;
  }
}
