import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import type { RunningBroker } from "../broker/types.js";
import { contextFor } from "../runner/context.js";
import { findExercise, loadCourse, projectPaths } from "../content/loader.js";
import type { Course, Exercise } from "../content/model.js";
import { readProgress, recordResult, removeStaleTemporaries, type Progress, type Recorded } from "../progress/store.js";
import { checkSkillExercise } from "../runner/check-exercise.js";
import { CheckWorkers } from "../runner/run-check.js";
import { formatTypeProblems } from "../runner/type-check.js";
import { TypeCheckService } from "../runner/type-check-service.js";
import { countsAsAttempt, type CheckResult, type Phases, type TestOutcome } from "../runner/types.js";
import { ServicePool } from "../services/pool.js";
import { serviceProviders } from "../services/providers.js";
import type { ServiceContexts, ServiceId, ServiceProviders } from "../services/types.js";
import { BrokerKeeper, type BrokerSource, type BrokerStatus } from "./broker-keeper.js";
import type { SessionEvent, SessionListener } from "./events.js";
import { resetExercise, shippedStub, type ResetOutcome } from "./reset.js";

export type Target = "exercises" | "solutions";

export interface SessionOptions {
  readonly root: string;
  readonly broker?: BrokerSource;
  readonly services?: ServiceProviders;
  /** Keep a check worker warm (interactive use, suites); off for a one-shot command. */
  readonly keepWarm?: boolean;
  /** Type-check the learner's file before running its checks (default on). */
  readonly typeCheck?: boolean;
  /** The stub as shipped, for reset (tests give their own). */
  readonly shippedStub?: (root: string, path: string) => string | undefined;
}

export interface CheckOptions {
  /** exercises/ (the learner's, recorded in progress), solutions/, or any folder laid out like them (mutants). */
  readonly target?: Target | { readonly root: string };
  readonly signal?: AbortSignal;
  readonly onTest?: (t: TestOutcome) => void;
  /** A test's name as it starts (live progress). */
  readonly onTestStart?: (name: string) => void;
  readonly budgetMs?: number;
  /** Whether a check of exercises/ counts as the learner's attempt (default true; `verify` grades without recording). */
  readonly record?: boolean;
}

export interface CheckOutcome {
  readonly result: CheckResult;
  /** Set when the check was the learner's attempt and was recorded (or could not be). */
  readonly recorded?: Recorded;
}

/**
 * One course session: it owns the broker, every other real part, the check workers, the type
 * checker and the progress, and closes them all. The app and the CLI are thin adapters over it.
 */
export class Session {
  readonly #listeners = new Set<SessionListener>();
  readonly #keeper: BrokerKeeper;
  readonly #pool: ServicePool;
  readonly #workers: CheckWorkers;
  readonly #types: TypeCheckService | undefined;
  #progress: Progress;
  #closing: Promise<void> | undefined;

  private constructor(
    readonly course: Course,
    progress: Progress,
    /** Set when the progress file could not be read: show it once. */
    readonly progressWarning: string | undefined,
    private readonly options: SessionOptions,
  ) {
    this.#progress = progress;
    this.#keeper = new BrokerKeeper(options.broker ?? { kind: "chain" }, (status) =>
      this.#emit({ type: "broker", status }),
    );
    this.#pool = new ServicePool(options.services ?? serviceProviders());
    this.#workers = new CheckWorkers(options.root, { keepWarm: options.keepWarm ?? false });
    this.#types = options.typeCheck === false ? undefined : new TypeCheckService(options.root);
  }

  static async open(options: SessionOptions): Promise<Session> {
    const course = await loadCourse(options.root);
    await removeStaleTemporaries(options.root);
    const { progress, warning } = await readProgress(options.root);
    return new Session(course, progress, warning, options);
  }

  get root(): string {
    return this.options.root;
  }

  get progress(): Progress {
    return this.#progress;
  }

  get brokerStatus(): BrokerStatus {
    return this.#keeper.status;
  }

  subscribe(listener: SessionListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  exercise(id: string): Exercise | undefined {
    return findExercise(this.course, id);
  }

  /** Starts the broker now (the app does, so the first check does not wait for it). */
  startBroker(): Promise<unknown> {
    return this.#keeper.get();
  }

  /**
   * Starts the broker and every service `exercises` declare, side by side and in the background,
   * so their checks (run later, e.g. by `verify`) do not wait for them one after another. A start
   * that fails is left to the check that needs it, which reports it (and tries again). Resolves
   * when every start has ended, one way or the other; never rejects.
   */
  async prepare(exercises: readonly Exercise[]): Promise<void> {
    const needs = [...new Set(exercises.flatMap((e) => e.needs))];
    if (!exercises.some((e) => e.broker || e.needs.length > 0)) return;
    await this.#keeper
      .get()
      .then((broker) => this.#services(needs, broker, undefined))
      .catch(() => {});
  }

  /** A service an earlier check started (the inspector shows the cluster); never starts one. */
  runningService<K extends ServiceId>(id: K): Promise<ServiceContexts[K] | undefined> {
    return this.#pool.running(id);
  }

  /** Pids of the processes this session runs right now (tests prove none outlives it). */
  workerPids(): number[] {
    return this.#workers.pids();
  }

  async check(exercise: Exercise, options: CheckOptions = {}): Promise<CheckOutcome> {
    const target = options.target ?? "exercises";
    const result = await this.#run(exercise, target, options);
    if (target !== "exercises" || options.record === false || !countsAsAttempt(result.status)) return { result };
    return { result, recorded: await this.#record(exercise.id, result.status === "passed") };
  }

  /** The hints revealed so far plus the next one; recorded. */
  async hint(id: string): Promise<{ readonly shown: readonly string[]; readonly recorded: Recorded }> {
    const e = this.#required(id);
    const n = Math.min((this.#progress.exercises[id]?.hintsShown ?? 0) + 1, e.hints.length);
    return { shown: e.hints.slice(0, n), recorded: await this.#record(id, undefined, n) };
  }

  reset(id: string): Promise<ResetOutcome> {
    return resetExercise(this.root, this.#required(id), this.options.shippedStub ?? shippedStub);
  }

  /** Stops every process the session started. Safe to call twice; later checks are refused as cancelled. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#workers.close();
      await Promise.allSettled([this.#types?.close(), this.#pool.close(), this.#keeper.close()]);
    })();
    return this.#closing;
  }

  async #run(exercise: Exercise, target: CheckOptions["target"] & {}, options: CheckOptions): Promise<CheckResult> {
    const t0 = performance.now();
    if (exercise.kind === "skill") {
      return checkSkillExercise(
        this.root,
        exercise,
        target === "solutions" ? "solutions" : "exercises",
        options.onTest,
      );
    }
    const targetRoot = typeof target === "string" ? projectPaths(this.root)[target] : target.root;
    const file = join(targetRoot, exercise.lessonSlug, exercise.file);
    const took = () => Math.round(performance.now() - t0);
    if (!existsSync(file)) {
      return {
        status: "load-error",
        tests: [],
        durationMs: took(),
        problem: `${relative(this.root, file)} is missing. \`npm run course -- reset ${exercise.id}\` puts the starting stub back.`,
      };
    }
    // The compiler, the broker (and services) and the check itself get going at once: the check
    // runs while the compiler works, its results held back until the compiler has answered, and
    // stopped unseen if the compiler found a problem (whose answer then comes first).
    const phases: Phases = {};
    const types = (
      this.#types && file.endsWith(".ts") ? this.#types.check(targetRoot, file) : Promise.resolve([])
    ).finally(() => (phases.types = took()));
    const context = this.#context(exercise, options.signal).finally(() => (phases.services = took()));
    context.catch(() => {});
    const held = holdBack(options);
    const run = (c: Awaited<typeof context>, signal: AbortSignal | undefined, o: typeof options) =>
      this.#workers.run({
        testFiles: [exercise.hiddenTestPath],
        targetRoot,
        projectRoot: this.root,
        context: c.context,
        ...(options.budgetMs !== undefined && { budgetMs: options.budgetMs }),
        ...(signal && { signal }),
        ...(o.onTest && { onTest: o.onTest }),
        ...(o.onTestStart && { onTestStart: o.onTestStart }),
      });
    const early = context.then((c) => run(c, held.signal, held.options));
    early.catch(() => {});
    const problems = await types;
    if (problems.length > 0) {
      // The check is stopped (or never starts, if the broker is still starting): not waited for.
      held.discard();
      return { status: "type-error", tests: [], durationMs: took(), problem: formatTypeProblems(problems) };
    }
    held.release();
    let ctx;
    try {
      ctx = await context;
    } catch (e) {
      if (options.signal?.aborted)
        return { status: "cancelled", tests: [], durationMs: took(), problem: "The check was cancelled." };
      const err = e as Error & { next?: string };
      return {
        status: "course-error",
        tests: [],
        durationMs: took(),
        problem: `${err.message}${err.next ? `\n${err.next}` : ""}\nThis is the course's setup, not your code: it does not count as an attempt.`,
      };
    }
    const first = await early.then((r) => ({ ...r, phases: { ...phases, ...r.phases } }));
    if (first.status === "passed" || first.status === "cancelled" || !ctx.broker) return first;
    // A failure because the course's broker died is not the learner's: restart it and run again.
    if (!(await this.#keeper.recovered(ctx.broker))) return first;
    this.#emit({ type: "notice", text: "The course's broker had stopped; it was restarted and the check runs again." });
    const retry = await this.#context(exercise, options.signal);
    const again = await run(retry, options.signal, options);
    if (again.status !== "passed" && retry.broker && (await this.#keeper.recovered(retry.broker))) {
      return {
        ...again,
        status: "course-error",
        problem: "The course's broker keeps stopping (not your code). Run `npm run course -- doctor`.",
      };
    }
    return again;
  }

  /** The check's context, and the broker it was built on (none for an exercise that needs none). */
  async #context(exercise: Exercise, signal: AbortSignal | undefined) {
    if (!exercise.broker && exercise.needs.length === 0) {
      return { context: { connection: { brokers: [] }, ownerPid: process.pid }, broker: undefined };
    }
    const broker = await this.#keeper.get();
    const services = await this.#services(exercise.needs, broker, signal);
    return { context: { ...contextFor(broker), services, ownerPid: process.pid }, broker };
  }

  /** The services `needs` names, started on `broker` if they do not run yet. */
  #services(needs: readonly ServiceId[], broker: RunningBroker, signal: AbortSignal | undefined) {
    return this.#pool.ensure(needs, {
      broker: broker.connection,
      ownerPid: process.pid,
      onProgress: (text) => this.#emit({ type: "notice", text }),
      ...(signal && { signal }),
    });
  }

  async #record(id: string, passed: boolean | undefined, hintsShown?: number): Promise<Recorded> {
    const recorded = await recordResult(this.root, id, passed, hintsShown, this.#progress);
    this.#progress = recorded.progress;
    if (recorded.warning) this.#emit({ type: "notice", text: recorded.warning });
    return recorded;
  }

  #required(id: string): Exercise {
    const e = this.exercise(id);
    if (!e) throw new Error(`no exercise "${id}"`);
    return e;
  }

  #emit(e: SessionEvent): void {
    for (const l of this.#listeners) l(e);
  }
}

/**
 * A check's callbacks and cancellation while the compiler has not answered yet: what the check
 * reports is queued, then delivered on `release()`, or dropped on `discard()` (which also stops
 * the check). The caller's own signal still cancels it at any time.
 */
function holdBack(options: CheckOptions): {
  readonly signal: AbortSignal;
  readonly options: Pick<CheckOptions, "onTest" | "onTestStart">;
  release(): void;
  discard(): void;
} {
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  let queue: (() => void)[] | undefined = [];
  const later = (f: () => void): void => void (queue ? queue.push(f) : f());
  const { onTest, onTestStart } = options;
  return {
    signal,
    options: {
      ...(onTest && { onTest: (t) => later(() => onTest(t)) }),
      ...(onTestStart && { onTestStart: (n) => later(() => onTestStart(n)) }),
    },
    release() {
      const q = queue ?? [];
      queue = undefined;
      q.forEach((f) => f());
    },
    discard() {
      queue = [];
      stop.abort();
    },
  };
}
