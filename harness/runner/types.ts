/** The runner's own result types: vitest's never reach the UI. */
export type TestState = "passed" | "failed" | "skipped";

export interface TestOutcome {
  readonly name: string;
  readonly state: TestState;
  /** Written for a learner: what was expected, what happened, where the lesson explains it. */
  readonly message?: string;
  readonly durationMs: number;
}

/**
 * passed/failed: the tests ran. load-error: the learner's file did not load (syntax, import).
 * timed-out: the check exceeded its budget and was stopped. crashed: an error outside any test.
 */
export type CheckStatus = "passed" | "failed" | "load-error" | "timed-out" | "crashed";

export interface CheckResult {
  readonly status: CheckStatus;
  readonly tests: readonly TestOutcome[];
  readonly durationMs: number;
  /** For load-error, timed-out and crashed: what went wrong, for a learner. */
  readonly problem?: string;
}
