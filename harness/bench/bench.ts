import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RunningBroker } from "../broker/types.js";
import { allExercises } from "../content/loader.js";
import type { Exercise } from "../content/model.js";
import { brokerFromContext } from "../runner/context.js";
import type { CheckResult, Phases } from "../runner/types.js";
import { Session } from "../session/session.js";
import type { CourseContext } from "../testkit/provided.js";
import { watchFile } from "../watch/watch-file.js";
import { formatPhases, formatSummary, summarise, type Summary } from "./stats.js";

export interface BenchIo {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
}

export interface BenchOptions {
  readonly root: string;
  readonly io: BenchIo;
  /** Exercise ids; all exercises when empty or absent. */
  readonly ids?: readonly string[];
  /** Measurements of each kind per exercise (default 3). */
  readonly repeat?: number;
  /** A broker to use instead of starting one (tests, a session that has one). */
  readonly context?: CourseContext;
  /** Pause between measurements, as between a learner's saves, so the warm worker is ready (default 1 s). */
  readonly pauseMs?: number;
}

export interface BenchRow {
  readonly id: string;
  /** Check time of the reference solution, as `verify` runs it. */
  readonly check?: Summary;
  /** Write the file → the watcher fires → the check runs → the verdict: the app's path. */
  readonly saveToVerdict?: Summary;
  /** Where the checks' time went: the median of each phase, in words. */
  readonly phases?: string;
  /** Statuses other than "passed" seen on the solution. */
  readonly problems: readonly string[];
}

export interface BenchReport {
  readonly brokerStartMs?: number;
  readonly rows: readonly BenchRow[];
  /** 0 when every solution passed every measurement. */
  readonly exitCode: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The course's speed, measured the way a learner meets it: per exercise, the check time of the
 * reference solution and save → verdict through the app's path (file watcher, then the check on
 * a copy of the solution, so the learner's exercises/ are never touched), with one warm broker
 * and the warm worker the app keeps. Prints min / median / p95 in seconds.
 */
export async function runBench(o: BenchOptions): Promise<BenchReport> {
  const { root, io } = o;
  const repeat = Math.max(1, o.repeat ?? 3);
  // The app's own path: one session (warm worker, warm type checker), its broker started once.
  const session = await Session.open({
    root,
    keepWarm: true,
    ...(o.context && { broker: { kind: "given" as const, broker: brokerFromContext(o.context) } }),
  });
  const wanted = o.ids && o.ids.length > 0 ? new Set(o.ids) : undefined;
  const exercises = allExercises(session.course).filter((e) => !wanted || wanted.has(e.id));
  const unknown = [...(wanted ?? [])].filter((id) => !exercises.some((e) => e.id === id));
  const scratch = join(root, ".course", "bench");
  try {
    if (unknown.length > 0) {
      io.err(`no exercise ${unknown.join(", ")}; npm run course -- list shows them`);
      return { rows: [], exitCode: 1 };
    }
    let broker: RunningBroker | undefined;
    if (exercises.some((e) => e.broker)) {
      broker = (await session.startBroker()) as RunningBroker;
      io.err(`[broker] ${broker.description}, ready in ${(broker.startMs / 1000).toFixed(1)} s`);
    }
    const rows: BenchRow[] = [];
    // The first check also warms the worker and the type checker the app keeps; a learner meets that once.
    const first = exercises.find((e) => e.kind === "code");
    if (first) await session.check(first, { target: "solutions" });
    for (const exercise of exercises) {
      const row = await benchExercise(session, exercise, scratch, repeat, o.pauseMs ?? 1_000);
      io.err(
        `${exercise.id}: check ${formatSummary(row.check)} s, save → verdict ${formatSummary(row.saveToVerdict)} s${row.phases ? ` (${row.phases})` : ""}`,
      );
      rows.push(row);
    }
    const startMs = o.context ? undefined : broker?.startMs;
    printTable(io, rows, repeat, startMs);
    return {
      ...(startMs !== undefined && { brokerStartMs: startMs }),
      rows,
      exitCode: rows.every((r) => r.problems.length === 0) ? 0 : 1,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await session.close();
  }
}

async function benchExercise(
  session: Session,
  exercise: Exercise,
  scratch: string,
  repeat: number,
  pauseMs: number,
): Promise<BenchRow> {
  const problems: string[] = [];
  const note = (what: string, r: CheckResult): void => {
    if (r.status === "passed") return;
    const failed = r.tests.find((t) => t.state === "failed");
    const why = r.problem ?? (failed && `${failed.name}: ${failed.message ?? ""}`) ?? "";
    problems.push(`${what}: ${r.status}${why ? ` (${why.replaceAll(/\s+/g, " ").slice(0, 240)})` : ""}`);
  };
  const checks: number[] = [];
  const phases: Phases[] = [];
  for (let i = 0; i < repeat; i++) {
    const { result } = await session.check(exercise, { target: "solutions" });
    note("check", result);
    checks.push(result.durationMs);
    if (result.phases) phases.push(result.phases);
    await sleep(pauseMs);
  }
  const where = phases.length > 0 ? { phases: formatPhases(phases) } : {};
  if (exercise.kind !== "code") return { id: exercise.id, check: summarise(checks), ...where, problems };
  // A copy of the solution inside the project (so it resolves the project's node_modules) stands in for exercises/.
  const target = join(scratch, exercise.id);
  await mkdir(target, { recursive: true });
  await cp(join(session.root, "solutions", exercise.lessonSlug), join(target, exercise.lessonSlug), {
    recursive: true,
  });
  const saves: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const { ms, result } = await saveAndWait(session, exercise, target);
    note("save → verdict", result);
    saves.push(ms);
    await sleep(pauseMs);
  }
  return { id: exercise.id, check: summarise(checks), saveToVerdict: summarise(saves), ...where, problems };
}

/**
 * Saves the file unchanged (valid in any format: TypeScript, YAML, Markdown) and times until the
 * verdict of the check the watcher started.
 */
async function saveAndWait(
  session: Session,
  exercise: Exercise,
  targetRoot: string,
): Promise<{ ms: number; result: CheckResult }> {
  const file = join(targetRoot, exercise.lessonSlug, exercise.file);
  const text = await readFile(file, "utf8");
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const silent = setTimeout(() => {
      stop();
      reject(new Error(`the file watcher did not report the save of ${file} within 10 s`));
    }, 10_000);
    const stop = watchFile(file, () => {
      stop();
      clearTimeout(silent);
      session
        .check(exercise, { target: { root: targetRoot } })
        .then(({ result }) => resolve({ ms: Math.round(performance.now() - t0), result }), reject);
    });
    writeFile(file, text).catch(reject);
  });
}

function printTable(io: BenchIo, rows: readonly BenchRow[], repeat: number, brokerStartMs?: number): void {
  const width = Math.max(8, ...rows.map((r) => r.id.length));
  io.out(`min / median / p95 in seconds over ${repeat} run(s) each; solutions on a warm broker`);
  if (brokerStartMs !== undefined) io.out(`broker start: ${(brokerStartMs / 1000).toFixed(2)} s`);
  io.out(`${"exercise".padEnd(width)}  ${"check".padEnd(20)}  save → verdict`);
  for (const r of rows) {
    io.out(`${r.id.padEnd(width)}  ${formatSummary(r.check).padEnd(20)}  ${formatSummary(r.saveToVerdict)}`);
    if (r.phases) io.out(`${" ".repeat(width)}  ${r.phases}`);
    for (const p of r.problems) io.out(`${" ".repeat(width)}  ✗ ${p}`);
  }
  const medians = rows.flatMap((r) => (r.check ? [r.check.median] : []));
  const overall = summarise(medians);
  if (overall) io.out(`median of the check medians: ${(overall.median / 1000).toFixed(2)} s`);
}
