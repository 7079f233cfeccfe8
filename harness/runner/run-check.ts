import { fork, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CheckResult, TestOutcome } from "./types.js";
import { workerFiles, type SessionRequest } from "./vitest-session.js";

export interface CheckRequest extends SessionRequest {
  /** The whole check's budget; past it the check is stopped and reported as timed out. */
  readonly budgetMs?: number;
  readonly signal?: AbortSignal;
  /** Called as each test finishes, for live UIs. */
  readonly onTest?: (t: TestOutcome) => void;
  /** Called with a test's name as it starts, for live UIs. */
  readonly onTestStart?: (name: string) => void;
}

export type WorkerMessage =
  | { readonly type: "test"; readonly outcome: TestOutcome }
  | { readonly type: "test-start"; readonly name: string }
  | { readonly type: "done"; readonly result: CheckResult }
  | { readonly type: "fatal"; readonly message: string };

/**
 * The test process writes this file every HEARTBEAT_MS (testkit/setup.ts); silence this long
 * while it runs means its event loop is blocked: learner code that never yields.
 */
export const HEARTBEAT_MS = 250;
/** A check's budget unless the caller gives one. */
export const DEFAULT_BUDGET_MS = 120_000;
const SILENCE_MS = 5_000;

/** Kills a worker and everything it started (vitest's forks): they share its process group. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}

/** Calls `then` once every message `child` sent has been emitted: at its channel's end, or at once if it has ended. */
function afterMessages(child: ChildProcess, then: () => void): void {
  if (!child.connected) return void setImmediate(then);
  // A grandchild holding the channel open must not hold the verdict: a second at most.
  const timer = setTimeout(then, 1_000);
  child.once("disconnect", () => {
    clearTimeout(timer);
    setImmediate(then);
  });
}

export interface CheckWorkersOptions {
  /** Keep one worker ready, vitest loaded, so a check after a save starts at once (interactive use, suites). */
  readonly keepWarm?: boolean;
}

/**
 * The processes checks run in. Learner code that never yields cannot be stopped from inside;
 * this can: past the budget, on abort, or when the test process stops beating, the worker's
 * process group is killed and the check reports what happened. One instance per session.
 */
export class CheckWorkers {
  readonly #live = new Set<ChildProcess>();
  /** Each worker's folder, shared with its test process; removed when the worker exits. */
  readonly #shared = new Map<ChildProcess, string>();
  /** Workers whose test process took its request before they exited (an exit then may be the learner's). */
  readonly #tookRequest = new WeakSet<ChildProcess>();
  /** The checks under way: closing the session ends them as cancelled, not as crashes. */
  readonly #cancels = new Set<() => void>();
  #spare: ChildProcess | undefined;
  #closed = false;
  readonly #onExit = (): void => {
    this.#live.forEach(killGroup);
    this.#shared.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  };

  constructor(
    readonly projectRoot: string,
    private readonly options: CheckWorkersOptions = {},
  ) {
    process.once("exit", this.#onExit);
    if (options.keepWarm) this.#prepareSpare();
  }

  /** Kills every worker, running or spare. Safe to call twice; later checks are refused. */
  close(): void {
    this.#closed = true;
    this.#cancels.forEach((cancel) => cancel());
    this.#live.forEach(killGroup);
    this.#spare = undefined;
    process.off("exit", this.#onExit);
  }

  /** Pids of the workers alive now (tests prove none outlives the session). */
  pids(): number[] {
    return [...this.#live].flatMap((c) => (c.pid === undefined ? [] : [c.pid]));
  }

  run(req: CheckRequest): Promise<CheckResult> {
    const t0 = performance.now();
    const budget = req.budgetMs ?? DEFAULT_BUDGET_MS;
    const { signal, onTest, onTestStart, budgetMs: _b, ...request } = req;
    return new Promise<CheckResult>((resolve) => {
      const tests: TestOutcome[] = [];
      if (this.#closed || signal?.aborted) {
        const problem = this.#closed ? "The course is shutting down." : "The check was cancelled before it started.";
        resolve({ status: "cancelled", tests, durationMs: 0, problem });
        return;
      }
      const child = this.#take();
      const { heartbeatFile } = workerFiles(this.#shared.get(child) ?? "");
      let stderr = "";
      child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
      child.stdout?.resume();
      let settled = false;
      const finish = (r: Omit<CheckResult, "durationMs" | "tests"> & { tests?: readonly TestOutcome[] }): void => {
        if (settled) return;
        settled = true;
        this.#cancels.delete(onAbort);
        clearTimeout(timer);
        clearInterval(pulse);
        signal?.removeEventListener("abort", onAbort);
        killGroup(child);
        resolve({ tests, ...r, durationMs: Math.round(performance.now() - t0) });
      };
      const timer = setTimeout(
        () =>
          finish({
            status: "timed-out",
            problem: `The check was stopped after ${Math.round(budget / 1000)} s: your code kept running (an endless loop, or something awaited that never resolves).`,
          }),
        budget,
      );
      const pulse = setInterval(() => {
        const beat = lastBeat(heartbeatFile);
        if (beat !== undefined && Date.now() - beat > SILENCE_MS) {
          finish({
            status: "timed-out",
            problem:
              `Your code never yields (a busy loop?): the check's process was blocked for ${SILENCE_MS / 1000} s, so it was stopped.\n` +
              "Look for a loop that waits for something without an await inside (while (!done) {}), or a very long synchronous computation.",
          });
        }
      }, 500);
      const onAbort = (): void =>
        finish({ status: "cancelled", problem: "The check was cancelled; it does not count as an attempt." });
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#cancels.add(onAbort);

      child.on("message", (m: WorkerMessage) => {
        if (m.type === "test") {
          tests.push(m.outcome);
          onTest?.(m.outcome);
        } else if (m.type === "test-start") onTestStart?.(m.name);
        else if (m.type === "done") finish(m.result);
        else
          finish({ status: "course-error", problem: `The course's check runner failed (not your code): ${m.message}` });
      });
      // 'exit' is not ordered after the last IPC messages (a worker sends "done", then ends its own
      // group); those are all emitted before the channel's 'disconnect', so a verdict waits for it.
      // With both cores saturated, 1 gate check in 142 read "crashed (exit SIGKILL)" with its last
      // test and "done" unread; a small reproduction (200 forks, busy parent) never lost one, so
      // this guards the likeliest cause, not a proven one.
      child.on("exit", (code, sig) =>
        afterMessages(child, () =>
          finish(
            this.#tookRequest.has(child)
              ? {
                  status: "crashed",
                  problem: `The check process ended unexpectedly (exit ${code ?? sig}). Does your code call process.exit()?\n${stderr.trim()}`,
                }
              : {
                  // No learner code had run: the worker died starting (e.g. a Node that cannot load it).
                  status: "course-error",
                  problem: `The course's check runner ended before it ran your code (exit ${code ?? sig}; not your code).\n${stderr.trim()}`,
                },
          ),
        ),
      );
      child.send(request);
    });
  }

  #fork(): ChildProcess {
    // The folder the worker shares with its test process: the heartbeat, the check's request.
    const shared = mkdtempSync(join(tmpdir(), "kafka-course-check-"));
    const child = fork(join(this.projectRoot, "harness", "runner", "check-worker.ts"), [this.projectRoot, shared], {
      execArgv: ["--import", join(this.projectRoot, "harness", "runner", "ts-imports.ts")],
      cwd: this.projectRoot,
      detached: true,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    this.#live.add(child);
    this.#shared.set(child, shared);
    child.once("exit", () => {
      // Read before the folder goes: whether its test process took a request (learner code ran).
      if (existsSync(workerFiles(shared).takenFile)) this.#tookRequest.add(child);
      this.#live.delete(child);
      this.#shared.delete(child);
      rmSync(shared, { recursive: true, force: true });
      if (this.#spare === child) this.#spare = undefined;
    });
    return child;
  }

  #take(): ChildProcess {
    const ready = this.#spare?.exitCode === null ? this.#spare : undefined;
    this.#spare = undefined;
    const child = ready ?? this.#fork();
    child.ref();
    (child.channel as { ref?: () => void } | undefined)?.ref?.();
    if (this.options.keepWarm) this.#prepareSpare();
    return child;
  }

  #prepareSpare(): void {
    const child = this.#fork();
    // An idle spare must not keep the process alive.
    child.unref();
    (child.channel as { unref?: () => void } | undefined)?.unref?.();
    child.stderr?.resume();
    child.stdout?.resume();
    this.#spare = child;
  }
}

/** When the test process last beat; undefined before its first beat and once it has exited (then it is not blocked). */
function lastBeat(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, "utf8"));
    if (!(pid > 0)) return undefined;
    process.kill(pid, 0);
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** One check in a worker of its own, for callers that run a single check (and tests). */
export async function runCheck(req: CheckRequest): Promise<CheckResult> {
  const workers = new CheckWorkers(req.projectRoot);
  try {
    return await workers.run(req);
  } finally {
    workers.close();
  }
}
