import { join } from "node:path";
import { Writable } from "node:stream";
import type { SerializedError, TestCase, TestModule } from "vitest/node";
import type { CourseContext } from "../testkit/provided.js";
import { learnerMessage } from "./messages.js";
import type { CheckResult, TestOutcome } from "./types.js";

export interface CheckRequest {
  /** Absolute paths of the hidden test files to run. */
  readonly testFiles: readonly string[];
  /** The directory `@exercise/...` resolves to: exercises/, solutions/, or a mutant copy. */
  readonly targetRoot: string;
  readonly projectRoot: string;
  readonly context: CourseContext;
  /** Per-test timeout. */
  readonly testTimeoutMs?: number;
  /** The whole check's budget; past it the check is stopped and reported as timed out. */
  readonly budgetMs?: number;
  readonly signal?: AbortSignal;
  /** Called as each test finishes, for live UIs. */
  readonly onTest?: (t: TestOutcome) => void;
}

class Sink extends Writable {
  text = "";
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

/**
 * Runs the hidden tests of one exercise against `targetRoot` with vitest's Node API and maps
 * the outcome to the course's own result type. Nothing is printed: the caller decides.
 */
export async function runCheck(req: CheckRequest): Promise<CheckResult> {
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
            req.onTest?.(outcome);
          },
          onTestModuleEnd(m: TestModule) {
            for (const e of m.errors()) loadErrors.push(learnerMessage(e, hint));
          },
          onTestRunEnd(_m: ReadonlyArray<TestModule>, errors: ReadonlyArray<SerializedError>) {
            unhandled = errors.map((e) => learnerMessage(e, hint));
          },
        },
      ],
      provide: { course: req.context },
    },
    {
      resolve: { alias: { "@exercise": req.targetRoot } },
      server: { watch: null },
      logLevel: "silent",
    },
    { stdout: out, stderr: out },
  );

  let timedOut = false;
  let aborted = false;
  const budget = req.budgetMs ?? 120_000;
  const stopRun = async (): Promise<void> => {
    await vitest.cancelCurrentRun("keyboard-input").catch(() => {});
    await vitest.close().catch(() => {});
  };
  const timer = setTimeout(() => {
    timedOut = true;
    void stopRun();
  }, budget);
  const onAbort = (): void => {
    aborted = true;
    void stopRun();
  };
  req.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await vitest.start();
  } catch (e) {
    if (!timedOut && !aborted) unhandled.push(learnerMessage(e as Error, hint));
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener("abort", onAbort);
    await vitest.close().catch(() => {});
    // A failed vitest run sets process.exitCode; the caller decides the exit code, not vitest.
    process.exitCode = exitCodeBefore;
  }

  const durationMs = Math.round(performance.now() - t0);
  if (timedOut) {
    return {
      status: "timed-out",
      tests,
      durationMs,
      problem: `The check was stopped after ${Math.round(budget / 1000)} s: your code kept running (an endless loop, or something awaited that never resolves).`,
    };
  }
  if (aborted) return { status: "timed-out", tests, durationMs, problem: "The check was cancelled." };
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
