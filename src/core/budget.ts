/**
 * Bounds on one analysis. Model code is small, but the file being typed may contain anything:
 * `for i in range(10**9)`, runaway recursion, thousands of nested brackets. Every analysis checks
 * these limits and stops cleanly (the results so far are kept and marked truncated).
 */
export const LIMITS = {
  /** Iterations a loop is unrolled before its variables are widened to unknown. */
  loopUnroll: 512,
  /** Nested user-function calls (forward calling blocks calling helpers…). */
  callDepth: 40,
  /** Nested expressions evaluated recursively. */
  expressionDepth: 150,
  /** Elements of a list or string a program may build (`[0] * 10**9`). */
  collectionSize: 100_000,
  /** Steps between two reads of the clock. */
  stepsPerClockCheck: 512,
  /** Total steps; a backstop independent of the clock. */
  totalSteps: 5_000_000,
};

/** Thrown inside the evaluator when the budget is spent; caught once at the top of the analysis. */
export class BudgetExceeded extends Error {
  constructor(readonly why: string) {
    super(why);
  }
}

export class Budget {
  private steps = 0;
  private readonly deadline: number;
  exhausted: string | undefined;

  constructor(timeBudgetMs: number) {
    this.deadline = Date.now() + timeBudgetMs;
  }

  /** Counts one step of work; throws BudgetExceeded when the budget is spent. */
  step(): void {
    this.steps++;
    if (this.steps % LIMITS.stepsPerClockCheck === 0 || this.steps > LIMITS.totalSteps) {
      if (this.steps > LIMITS.totalSteps) this.exhaust('step limit reached');
      if (Date.now() > this.deadline) this.exhaust('time budget spent');
    }
  }

  private exhaust(why: string): never {
    this.exhausted = why;
    throw new BudgetExceeded(why);
  }
}
