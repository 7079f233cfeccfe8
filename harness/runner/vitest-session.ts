import { existsSync, renameSync, writeFileSync } from "node:fs";
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

/** What check-entry.ts reads once the check is asked for: the part of the request the test process needs. */
export interface EntryRequest {
  readonly testFiles: readonly string[];
  readonly context: CourseContext;
  readonly testTimeoutMs: number;
}

/** The files a worker shares with its test process: its heartbeat, where its check's request lands, and the test process's word that it took it. */
export interface WorkerFiles {
  readonly heartbeatFile: string;
  readonly requestFile: string;
  readonly takenFile: string;
}

/** The files in `dir` a worker and its test process share (run-check.ts reads the heartbeat). */
export function workerFiles(dir: string): WorkerFiles {
  return {
    heartbeatFile: join(dir, "heartbeat"),
    requestFile: join(dir, "request.json"),
    takenFile: join(dir, "taken"),
  };
}

/** vitest's words for a test process that never came up: no learner code had run in it. */
const STARTUP_FAILURE = /^\[vitest-pool\]: (Timeout starting|Failed to start)/;

/** The test file every check's vitest runs; it imports the hidden check files once the request names them. */
const CHECK_ENTRY = join("harness", "runner", "check-entry.ts");

class Sink extends Writable {
  text = "";
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

export interface VitestSession {
  /** Runs the check; call once. */
  run(
    req: SessionRequest,
    onTest: (t: TestOutcome) => void,
    onTestStart?: (name: string) => void,
  ): Promise<CheckResult>;
}

/**
 * One check's vitest, started before the check is asked for: vitest's server, the test process
 * (vitest's `forks` pool, one process), its runtime, the setup file and what nearly every check
 * imports are all loaded while the worker waits as the warm spare, and check-entry.ts waits in
 * that process for the request. `run` then points `@exercise` at the target, hands the request
 * over, and maps the outcome to the course's own result type. Nothing is printed. It cannot stop
 * learner code that never yields: run-check.ts runs it in a worker process it can kill.
 */
export function startVitestSession(projectRoot: string, files: WorkerFiles): VitestSession {
  const tests: TestOutcome[] = [];
  const loadErrors: string[] = [];
  const suiteErrors: string[] = [];
  const courseErrors: string[] = [];
  let unhandled: string[] = [];
  // Set by run(): the folder @exercise resolves into (none before, so nothing can import it early).
  let target: string | undefined;
  let onTestOutcome: (t: TestOutcome) => void = () => {};
  let onTestStarted: (name: string) => void = () => {};
  let firstTestAt: number | undefined;
  let lastTestAt: number | undefined;
  // Every error passes through here: the course's own faults are sorted out of the learner's, and
  // anything before the test process took the request (vitest, the process, check-entry's own
  // imports, a process that died while it waited) is the course's.
  const describe = (e: SerializedError | Error): string => {
    // Until check-entry has taken the request, no learner code has run in the test process.
    const ours = !existsSync(files.takenFile) || isCourseError(e) || STARTUP_FAILURE.test(e.message);
    const text = ours && !isCourseError(e) ? `${e.name}: ${e.message}` : learnerMessage(e, target);
    if (ours) courseErrors.push(text);
    return text;
  };
  const exitCodeBefore = process.exitCode;
  const out = new Sink();
  let ended = false;

  const started = (async () => {
    const { createVitest } = await import("vitest/node");
    const entry = join(projectRoot, CHECK_ENTRY);
    const vitest = await createVitest(
      {
        root: projectRoot,
        config: false,
        watch: false,
        include: [entry],
        dir: projectRoot,
        pool: "forks",
        isolate: true,
        fileParallelism: false,
        hookTimeout: 30_000,
        teardownTimeout: 2_000,
        passWithNoTests: false,
        setupFiles: [join(projectRoot, "harness", "testkit", "setup.ts")],
        reporters: [
          {
            onTestCaseReady(tc: TestCase) {
              firstTestAt ??= performance.now();
              onTestStarted(tc.name);
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
              onTestOutcome(outcome);
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
        provide: { course: { connection: { brokers: [] }, ...files } },
      },
      {
        plugins: [
          {
            name: "kafka-course:exercise",
            enforce: "pre",
            // Transforms are cached on disk; a check file's imports resolve into one target or another.
            configureVitest: ({ defineCacheKeyGenerator }) => defineCacheKeyGenerator(() => target ?? ""),
            resolveId(id, importer, options) {
              if (!id.startsWith("@exercise/")) return null;
              if (target === undefined) throw new Error(`${id} was imported before the check named its target`);
              return this.resolve(join(target, id.slice("@exercise/".length)), importer, {
                ...options,
                skipSelf: true,
              });
            },
          },
        ],
        server: { watch: null },
        logLevel: "silent",
      },
      { stdout: out, stderr: out },
    );
    const done = vitest
      .runTestSpecifications([vitest.getRootProject().createSpecification(entry)])
      .catch((e: unknown) => void unhandled.push(describe(e as Error)))
      .finally(async () => {
        ended = true;
        await vitest.close().catch(() => {});
      });
    return { done };
  })();
  // Until run() is called nobody awaits this; its failure is reported there.
  started.catch(() => {});

  return {
    async run(req, onTest, onTestStart = () => {}) {
      const t0 = performance.now();
      target = req.targetRoot;
      onTestOutcome = onTest;
      onTestStarted = onTestStart;
      let readyAt = t0;
      try {
        const { done } = await started;
        readyAt = performance.now();
        if (ended) {
          const why = [...loadErrors, ...unhandled].join("\n") || "it exited";
          throw new Error(`its test process ended before the check began: ${why}`);
        }
        const request: EntryRequest = {
          testFiles: req.testFiles,
          context: { ...req.context, ...files, targetRoot: req.targetRoot },
          testTimeoutMs: req.testTimeoutMs ?? 30_000,
        };
        // Written whole, then renamed: check-entry never reads half a request.
        writeFileSync(`${files.requestFile}.tmp`, JSON.stringify(request));
        renameSync(`${files.requestFile}.tmp`, files.requestFile);
        await done;
      } catch (e) {
        courseErrors.push(`The check's test runner could not start: ${(e as Error).message}`);
      } finally {
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
    },
  };
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
