import { writeFile } from "node:fs/promises";
import { diagnose, defaultProviders } from "../broker/chain.js";
import { describeContainerRuntime } from "../broker/container-provider.js";
import { hasMaven, javaMajor } from "../broker/jvm-tools.js";
import { allExercises, missingFiles } from "../content/loader.js";
import type { Exercise } from "../content/model.js";
import { placementOf, RUN_ALONE, runsAlone } from "../gate/timing.js";
import { runMany } from "../runner/run-many.js";
import type { CheckResult } from "../runner/types.js";
import { Session, type Target } from "../session/session.js";
import { closeOnShutdown } from "../session/shutdown.js";
import { bold, dim, formatResult, green, indent, red } from "./format.js";

export interface Io {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
}

export class UsageError extends Error {}

/** How a check's verdict becomes an exit code: 0 passed, 1 the learner's failure, 3 the course's, 130 cancelled. */
export function exitCodeOf(r: CheckResult): number {
  if (r.status === "passed") return 0;
  if (r.status === "cancelled") return 130;
  if (r.status === "course-error") return 3;
  return 1;
}

/**
 * Runs a command with one session: content problems and an unreadable progress file are said
 * first, broker and service messages go to stderr, and the session is closed at the end, on a
 * signal, or when npm or the terminal goes away.
 */
async function withSession<T>(
  root: string,
  io: Io,
  options: { keepWarm?: boolean },
  fn: (session: Session, cancel: AbortSignal) => Promise<T>,
): Promise<T> {
  const session = await Session.open({ root, ...options });
  for (const p of session.course.problems) io.err(red(`content problem in ${p.file}:\n${indent(p.message, 2)}`));
  if (session.progressWarning) io.err(red(session.progressWarning));
  const ac = new AbortController();
  const unsubscribe = session.subscribe((e) => {
    if (e.type === "notice") io.err(dim(`[course] ${e.text}`));
    else if (e.status.state === "starting") io.err(dim(`[broker] ${e.status.message}`));
    else if (e.status.state === "ready")
      io.err(dim(`[broker] ${e.status.description}, ready in ${(e.status.startMs / 1000).toFixed(1)} s`));
  });
  const dispose = closeOnShutdown(session, () => {
    io.err(red("cancelled: stopping the check and everything the course started"));
    ac.abort();
  });
  try {
    return await fn(session, ac.signal);
  } finally {
    unsubscribe();
    dispose();
    await session.close();
  }
}

function exerciseOrFail(session: Session, id: string | undefined): Exercise {
  if (!id) throw new UsageError("name an exercise (npm run course -- list shows them)");
  const e = session.exercise(id);
  if (!e) throw new UsageError(`no exercise "${id}"; npm run course -- list shows them`);
  return e;
}

export async function listCommand(root: string, io: Io): Promise<number> {
  return withSession(root, io, {}, async (session) => {
    for (const l of session.course.lessons) {
      io.out(bold(`${String(l.order).padStart(2, "0")}  ${l.title}`));
      for (const e of l.exercises) {
        const p = session.progress.exercises[e.id];
        const mark = p?.passed ? green("✓") : p?.attempts ? red("✗") : dim("·");
        io.out(`    ${mark} ${e.id.padEnd(28)} ${e.title}`);
      }
    }
    return session.course.problems.length > 0 ? 1 : 0;
  });
}

export async function checkCommand(root: string, id: string | undefined, solution: boolean, io: Io): Promise<number> {
  return withSession(root, io, {}, async (session, signal) => {
    const exercise = exerciseOrFail(session, id);
    const { result } = await session.check(exercise, { target: solution ? "solutions" : "exercises", signal });
    io.out(formatResult(exercise.id, result));
    if (result.status !== "passed" && !solution && result.status !== "cancelled") {
      io.out(dim(`Stuck? npm run course -- hint ${exercise.id}`));
    }
    return exitCodeOf(result);
  });
}

export interface VerifyOptions {
  readonly target: Target;
  readonly json: boolean;
  /** Write the JSON report here instead of stdout (npm prints its banner on stdout). */
  readonly out?: string;
}

export async function verifyCommand(root: string, options: VerifyOptions, io: Io): Promise<number> {
  const { target, json } = options;
  return withSession(root, io, { keepWarm: true }, async (session, signal) => {
    const exercises = allExercises(session.course);
    // The registry, PostgreSQL, the cluster and Connect start side by side now, not each in turn.
    void session.prepare(exercises);
    const one = async (e: Exercise) => {
      const missing = missingFiles(e);
      const result =
        missing.length > 0 || signal.aborted
          ? undefined
          : (await session.check(e, { target, signal, record: false })).result;
      return { id: e.id, lesson: e.lessonOrder, missing, ...(result && { result }) };
    };
    const onEnd = (e: Exercise, r: Awaited<ReturnType<typeof one>>) => {
      const line = r.result ? formatResult(e.id, r.result) : red(`✗ ${e.id}: missing ${r.missing.join(", ")}`);
      // As each exercise ends: its result, or with --json one progress line on stderr.
      if (json) io.err(line.split("\n")[0] ?? "");
      else io.out(line);
    };
    // First the checks that need the machine alone (gate/timing.ts), one after another, while the
    // services start beside them: that start is CPU load only, the kind the CI gate proves those
    // verdicts against (stress-ng on both cores), not another check's traffic on their broker. They
    // wait mostly (the machine ~80 % idle while they ran last), so the services start nearly for free.
    // In RUN_ALONE's order: lag-classifier, the one whose timing the services' start stretched
    // (9.9 s instead of 3.9), last, once they are up.
    const alone = Object.keys(RUN_ALONE).flatMap((id) => exercises.filter((e) => e.id === id));
    const first = await runMany(alone, { concurrency: 1, run: one, onEnd });
    // Then the rest, four at a time (92 s for every solution at three, 83 s at four), placed as the
    // gate places them; those on a service of their own (Connect, the cluster) first, as they are
    // the longest. The report keeps the course's order.
    const rest = exercises.filter((e) => !runsAlone(e.id));
    const order = [...rest.filter((e) => e.needs.length > 0), ...rest.filter((e) => e.needs.length === 0)];
    const then = await runMany(order, { concurrency: 4, placement: (e) => placementOf(e.id), run: one, onEnd });
    const ran = [...alone, ...order];
    const byOrder = [...first, ...then];
    const results = exercises.map((e) => byOrder[ran.indexOf(e)]!);
    const passed = results.filter((r) => r.result?.status === "passed").length;
    const summary = `${passed} of ${exercises.length} exercises pass (${target})`;
    if (json) {
      const report = JSON.stringify(
        { target, passed, total: exercises.length, problems: session.course.problems, exercises: results },
        null,
        2,
      );
      if (options.out) await writeFile(options.out, `${report}\n`);
      else io.out(report);
      io.err(summary);
    } else io.out(bold(summary));
    return passed === exercises.length && session.course.problems.length === 0 ? 0 : 1;
  });
}

export async function hintCommand(root: string, id: string | undefined, io: Io): Promise<number> {
  return withSession(root, io, {}, async (session) => {
    const e = exerciseOrFail(session, id);
    const { shown } = await session.hint(e.id);
    shown.forEach((h, i) => io.out(`${bold(`Hint ${i + 1}/${e.hints.length}:`)} ${h}`));
    if (shown.length === e.hints.length)
      io.out(dim(`That is every hint. The lesson section “${e.section}” explains it.`));
    return 0;
  });
}

export async function resetCommand(root: string, id: string | undefined, io: Io): Promise<number> {
  return withSession(root, io, {}, async (session) => {
    const e = exerciseOrFail(session, id);
    const r = await session.reset(e.id);
    (r.ok ? io.out : io.err)(r.message);
    return r.ok ? 0 : 1;
  });
}

export async function doctorCommand(io: Io): Promise<number> {
  io.out(bold("Course doctor"));
  io.out(
    `  Node      ${process.versions.node} ${Number(process.versions.node.split(".")[0]) >= 22 ? green("ok") : red("needs 22+")}`,
  );
  const java = javaMajor();
  io.out(
    `  Java      ${"reason" in java ? red(java.reason) : `${java.raw} ${java.major >= 17 ? green("ok") : red("needs 17+")}`}`,
  );
  io.out(`  Maven     ${hasMaven() ? green("found") : dim("not found")}`);
  const rt = await describeContainerRuntime();
  io.out(
    `  Container ${rt.kind ? `${rt.kind} ${rt.version ?? ""} at ${rt.endpoint}` : dim("no runtime answers")}: ${rt.reason}`,
  );
  const env = process.env.KAFKA_BOOTSTRAP_SERVERS;
  io.out(`  KAFKA_BOOTSTRAP_SERVERS ${env ? env : dim("not set")}`);
  const d = await diagnose(defaultProviders());
  io.out(bold("Which broker the course would use"));
  for (const s of d.skipped) io.out(`  ${dim("skip")} ${s.provider}: ${s.reason}`);
  if (d.chosen) io.out(`  ${green("use")}  ${d.chosen.provider.id}: ${d.chosen.detail}`);
  else io.out(red("  none: set KAFKA_BOOTSTRAP_SERVERS, start Docker, or install Java 17+ and Maven"));
  return d.chosen ? 0 : 1;
}
