import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { CheckResult, TestOutcome } from "./types.js";
import type { SessionRequest } from "./vitest-session.js";

export interface CheckRequest extends SessionRequest {
  /** The whole check's budget; past it the check is stopped and reported as timed out. */
  readonly budgetMs?: number;
  readonly signal?: AbortSignal;
  /** Called as each test finishes, for live UIs. */
  readonly onTest?: (t: TestOutcome) => void;
}

export type WorkerMessage =
  | { readonly type: "test"; readonly outcome: TestOutcome }
  | { readonly type: "done"; readonly result: CheckResult }
  | { readonly type: "fatal"; readonly message: string };

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills a worker and everything it started (vitest's forks): they share its process group. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}

function forkWorker(projectRoot: string): ChildProcess {
  const child = fork(join(projectRoot, "harness", "runner", "check-worker.ts"), {
    execArgv: ["--import", "tsx"],
    cwd: projectRoot,
    detached: true,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  live.add(child);
  child.once("exit", () => live.delete(child));
  return child;
}

/** A worker started ahead of time, with vitest already loaded, so a check after a save starts at once. */
let spare: { root: string; child: ChildProcess } | undefined;

/** Kills every check worker (running or spare): for shutdown paths where 'exit' handlers do not run. */
export function stopAllChecks(): void {
  live.forEach(killGroup);
  spare = undefined;
}

function takeWorker(projectRoot: string): ChildProcess {
  const ready = spare?.root === projectRoot && spare.child.exitCode === null ? spare.child : undefined;
  spare = undefined;
  const child = ready ?? forkWorker(projectRoot);
  child.ref();
  (child.channel as { ref?: () => void } | undefined)?.ref?.();
  if (keepWarm) prepareSpare(projectRoot);
  return child;
}

function prepareSpare(projectRoot: string): void {
  const child = forkWorker(projectRoot);
  // An idle spare must not keep the process alive.
  child.unref();
  (child.channel as { unref?: () => void } | undefined)?.unref?.();
  child.stderr?.resume();
  child.stdout?.resume();
  spare = { root: projectRoot, child };
}

let keepWarm = false;

/**
 * Keep one warm worker ready for the next check (interactive sessions and suites that run many
 * checks). Off by default: a one-shot `check` should not start a process it will not use.
 */
export function keepWorkerWarm(on: boolean): void {
  keepWarm = on;
  if (!on && spare) {
    killGroup(spare.child);
    spare = undefined;
  }
}

/**
 * Runs one exercise's hidden checks in a worker process. Learner code that never yields (a busy
 * loop) cannot be stopped from inside; this can: past the budget, or on abort, the worker's
 * process group is killed and the check reports what happened.
 */
export function runCheck(req: CheckRequest): Promise<CheckResult> {
  const t0 = performance.now();
  const budget = req.budgetMs ?? 120_000;
  const { signal, onTest, budgetMs: _b, ...session } = req;
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => live.forEach(killGroup));
  }
  return new Promise<CheckResult>((resolve) => {
    const tests: TestOutcome[] = [];
    const child = takeWorker(req.projectRoot);
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.stdout?.resume();
    let settled = false;
    const finish = (r: Omit<CheckResult, "durationMs" | "tests"> & { tests?: readonly TestOutcome[] }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
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
    const onAbort = (): void => finish({ status: "timed-out", problem: "The check was cancelled." });
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });

    child.on("message", (m: WorkerMessage) => {
      if (m.type === "test") {
        tests.push(m.outcome);
        onTest?.(m.outcome);
      } else if (m.type === "done") finish(m.result);
      else finish({ status: "crashed", problem: `The check runner failed: ${m.message}` });
    });
    child.on("exit", (code, sig) =>
      finish({
        status: "crashed",
        problem: `The check process ended unexpectedly (exit ${code ?? sig}). Does your code call process.exit()?\n${stderr.trim()}`,
      }),
    );
    child.send(session);
  });
}
