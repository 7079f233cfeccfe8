import { join } from "node:path";
import { Writable } from "node:stream";
import type { SerializedError, TestCase, TestModule, TestSuite } from "vitest/node";
import type { CourseContext } from "../testkit/provided.js";
import { isCourseError, learnerMessage } from "./messages.js";
import type { CheckResult, Phases, TestOutcome } from "./types.js";

export interface SessionRequest {
  /** Absolute paths of the hidden test files to run. */
  readonly testFiles: readonly string[];
  /** The directory `@exercise/...` resolves to: exercises/, solutions/, or a mutant copy. */
  readonly targetRoot: string;
  readonly projectRoot: string;
  readonly context: CourseContext;
  /** Per-test timeout. */
  readonly testTimeoutMs?: number;
}

class Sink extends Writable {
  text = "";
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

/**
 * Runs the hidden tests of one exercise against `targetRoot` with vitest's Node API, in this
 * process, and maps the outcome to the course's own result type. Nothing is printed. It cannot
 * stop learner code that never yields: run-check.ts runs it in a worker process it can kill.
 */
export async function runVitestSession(
  req: SessionRequest,
  onTest: (t: TestOutcome) => void,
  onTestStart: (name: string) => void = () => {},
): Promise<CheckResult> {
  const t0 = performance.now();
  const { createVitest } = await import("vitest/node");
  const tests: TestOutcome[] = [];
  const loadErrors: string[] = [];
  const suiteErrors: string[] = [];
  const courseErrors: string[] = [];
  let unhandled: string[] = [];
  const hint = req.targetRoot;
  const out = new Sink();
  // Every error passes through here: the course's own faults are sorted out of the learner's.
  const describe = (e: SerializedError | Error): string => {
    const text = learnerMessage(e, hint);
    if (isCourseError(e)) courseErrors.push(text);
    return text;
  };
  const exitCodeBefore = process.exitCode;
  let firstTestAt: number | undefined;
  let lastTestAt: number | undefined;

  const vitest = await createVitest(
    {
      root: req.projectRoot,
      config: false,
      watch: false,
      include: [...req.testFiles],
      dir: req.projectRoot,
      pool: "forks",
      isolate: true,
      fileParallelism: false,
      testTimeout: req.testTimeoutMs ?? 30_000,
      hookTimeout: 30_000,
      teardownTimeout: 2_000,
      passWithNoTests: false,
      setupFiles: [join(req.projectRoot, "harness", "testkit", "setup.ts")],
      reporters: [
        {
          onTestCaseReady(tc: TestCase) {
            firstTestAt ??= performance.now();
            onTestStart(tc.name);
          },
          onTestCaseResult(tc: TestCase) {
            const r = tc.result();
            if (r.state === "pending") return;
            lastTestAt = performance.now();
            const outcome: TestOutcome = {
              name: tc.name,
              state: r.state,
              durationMs: Math.round(tc.diagnostic()?.duration ?? 0),
              ...(r.state === "failed" && { message: r.errors.map(describe).join("\n") }),
            };
            tests.push(outcome);
            onTest(outcome);
          },
          onTestSuiteResult(suite: TestSuite) {
            // A failing beforeAll/afterAll: its tests are skipped, so this must not read as a pass.
            for (const e of suite.errors()) suiteErrors.push(`${suite.name}: ${describe(e)}`);
          },
          onTestModuleEnd(m: TestModule) {
            for (const e of m.errors()) loadErrors.push(describe(e));
          },
          onTestRunEnd(_m: ReadonlyArray<TestModule>, errors: ReadonlyArray<SerializedError>) {
            unhandled = errors.map(describe);
          },
        },
      ],
      provide: { course: { ...req.context, targetRoot: req.targetRoot } },
    },
    {
      resolve: { alias: { "@exercise": req.targetRoot } },
      server: { watch: null },
      logLevel: "silent",
    },
    { stdout: out, stderr: out },
  );

  const readyAt = performance.now();
  try {
    await vitest.start();
  } catch (e) {
    unhandled.push(describe(e as Error));
  } finally {
    await vitest.close().catch(() => {});
    // A failed vitest run sets process.exitCode; the caller decides the exit code, not vitest.
    process.exitCode = exitCodeBefore;
  }

  const endAt = performance.now();
  const durationMs = Math.round(endAt - t0);
  const ms = (a: number, b: number) => Math.round(b - a);
  const phases: Phases = {
    vitest: ms(t0, readyAt),
    ...(firstTestAt !== undefined && { load: ms(readyAt, firstTestAt) }),
    ...(firstTestAt !== undefined && lastTestAt !== undefined && { tests: ms(firstTestAt, lastTestAt) }),
    ...(lastTestAt !== undefined && { teardown: ms(lastTestAt, endAt) }),
  };
  return { ...classify({ tests, durationMs, loadErrors, suiteErrors, courseErrors, unhandled }), phases };
}

interface Collected {
  readonly tests: readonly TestOutcome[];
  readonly durationMs: number;
  readonly loadErrors: readonly string[];
  readonly suiteErrors: readonly string[];
  readonly courseErrors: readonly string[];
  readonly unhandled: readonly string[];
}

/** The one place a run becomes a status. `passed` needs a test that ran, and nothing else wrong. */
export function classify(c: Collected): CheckResult {
  const { tests, durationMs } = c;
  const result = (status: CheckResult["status"], problem?: string): CheckResult => ({
    status,
    tests,
    durationMs,
    ...(problem !== undefined && { problem }),
  });
  if (c.courseErrors.length > 0) {
    return result("course-error", `The course itself hit a problem (not your code):\n${c.courseErrors.join("\n")}`);
  }
  if (c.loadErrors.length > 0)
    return result("load-error", `Your file could not be loaded:\n${c.loadErrors.join("\n")}`);
  if (c.unhandled.length > 0) {
    return result("crashed", `An error escaped the tests (often a promise nobody awaited):\n${c.unhandled.join("\n")}`);
  }
  if (c.suiteErrors.length > 0) {
    return result("failed", `The checks' setup failed, so some checks did not run:\n${c.suiteErrors.join("\n")}`);
  }
  if (tests.length === 0)
    return result("course-error", "No hidden test ran: the exercise's checks are missing or empty.");
  if (tests.some((t) => t.state === "failed")) return result("failed");
  const skipped = tests.filter((t) => t.state === "skipped");
  if (skipped.length > 0) {
    return result(
      "failed",
      `${skipped.length} of ${tests.length} checks did not run: ${skipped.map((t) => t.name).join(", ")}`,
    );
  }
  return result("passed");
}
