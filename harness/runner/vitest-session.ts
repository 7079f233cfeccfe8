import { join } from "node:path";
import { Writable } from "node:stream";
import type { SerializedError, TestCase, TestModule } from "vitest/node";
import type { CourseContext } from "../testkit/provided.js";
import { learnerMessage } from "./messages.js";
import type { CheckResult, TestOutcome } from "./types.js";

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
export async function runVitestSession(req: SessionRequest, onTest: (t: TestOutcome) => void): Promise<CheckResult> {
  const t0 = performance.now();
  const { createVitest } = await import("vitest/node");
  const tests: TestOutcome[] = [];
  const loadErrors: string[] = [];
  let unhandled: string[] = [];
  const hint = req.targetRoot;
  const out = new Sink();
  const exitCodeBefore = process.exitCode;

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
          onTestCaseResult(tc: TestCase) {
            const r = tc.result();
            if (r.state === "pending") return;
            const outcome: TestOutcome = {
              name: tc.name,
              state: r.state,
              durationMs: Math.round(tc.diagnostic()?.duration ?? 0),
              ...(r.state === "failed" && { message: r.errors.map((e) => learnerMessage(e, hint)).join("\n") }),
            };
            tests.push(outcome);
            onTest(outcome);
          },
          onTestModuleEnd(m: TestModule) {
            for (const e of m.errors()) loadErrors.push(learnerMessage(e, hint));
          },
          onTestRunEnd(_m: ReadonlyArray<TestModule>, errors: ReadonlyArray<SerializedError>) {
            unhandled = errors.map((e) => learnerMessage(e, hint));
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

  try {
    await vitest.start();
  } catch (e) {
    unhandled.push(learnerMessage(e as Error, hint));
  } finally {
    await vitest.close().catch(() => {});
    // A failed vitest run sets process.exitCode; the caller decides the exit code, not vitest.
    process.exitCode = exitCodeBefore;
  }

  const durationMs = Math.round(performance.now() - t0);
  if (loadErrors.length > 0) {
    return {
      status: "load-error",
      tests,
      durationMs,
      problem: `Your file could not be loaded:\n${loadErrors.join("\n")}`,
    };
  }
  if (unhandled.length > 0) {
    return {
      status: "crashed",
      tests,
      durationMs,
      problem: `An error escaped the tests (often a promise nobody awaited):\n${unhandled.join("\n")}`,
    };
  }
  if (tests.length === 0) return { status: "crashed", tests, durationMs, problem: "No hidden test ran." };
  return { status: tests.every((t) => t.state !== "failed") ? "passed" : "failed", tests, durationMs };
}
