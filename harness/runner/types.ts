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
 * The learner's: passed (at least one test ran, every test ran and passed), failed (a test
 * failed, or was skipped because its setup failed), type-error (the compiler refused the file;
 * nothing ran), load-error (the file did not load), timed-out (over budget, or never yields),
 * crashed (an error outside any test, e.g. process.exit).
 * The course's, never an attempt: cancelled (stopped by the learner or a shutdown) and
 * course-error (a service or the course's own broker failed, or a harness bug).
 */
export type CheckStatus =
  "passed" | "failed" | "type-error" | "load-error" | "timed-out" | "crashed" | "cancelled" | "course-error";

export interface CheckResult {
  readonly status: CheckStatus;
  readonly tests: readonly TestOutcome[];
  readonly durationMs: number;
  /** For every status but passed/failed: what went wrong and what to do. */
  readonly problem?: string;
  /** Where the time went, in ms (the benchmark prints them); the phases overlap where they run at once. */
  readonly phases?: Phases;
}

/**
 * types: the compiler's answer (beside the rest); services: the broker and services ready;
 * vitest: waiting for the worker's vitest and test process (0 when the warm spare had them up);
 * load: the request handed over, the check and the learner's module loaded and the check's own
 * setup run, up to the first test; tests: first test start to last test end; teardown: after the
 * last test until the verdict.
 */
export type Phases = Partial<Record<"types" | "services" | "vitest" | "load" | "tests" | "teardown", number>>;

/** Whether a result is the learner's attempt (progress counts it) or the course's own fault. */
export function countsAsAttempt(status: CheckStatus): boolean {
  return status !== "cancelled" && status !== "course-error";
}

/**
 * An error that is the course's fault, not the learner's: a service that could not be had, the
 * course's broker lost, a hidden check's own client failing. Thrown by the harness and the
 * testkit; the runner maps it (by name, across processes) to "course-error".
 */
export class CourseError extends Error {
  constructor(
    message: string,
    /** What the learner can do about it. */
    readonly next = "This is not your code. Try the check again; if it keeps happening, run `npm run course -- doctor`.",
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "CourseError";
  }
}
