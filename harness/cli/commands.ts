import { copyFile, mkdir } from "node:fs/promises";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { diagnose, defaultProviders } from "../broker/chain.js";
import { describeContainerRuntime } from "../broker/container-provider.js";
import { hasMaven, javaMajor } from "../broker/jvm-tools.js";
import { allExercises, findExercise, loadCourse, missingFiles } from "../content/loader.js";
import type { Course, Exercise } from "../content/model.js";
import { readProgress, recordResult } from "../progress/store.js";
import { checkExercise, type Target } from "../runner/check-exercise.js";
import { contextFor } from "../runner/context.js";
import { keepWorkerWarm } from "../runner/run-check.js";
import type { CheckResult } from "../runner/types.js";
import { bold, dim, formatResult, green, indent, red } from "./format.js";
import { openBroker } from "./session.js";

export interface Io {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
}

export class UsageError extends Error {}

async function courseOrFail(root: string, io: Io): Promise<Course> {
  const course = await loadCourse(root);
  for (const p of course.problems) io.err(red(`content problem in ${p.file}:\n${indent(p.message, 2)}`));
  return course;
}

function exerciseOrFail(course: Course, id: string | undefined): Exercise {
  if (!id) throw new UsageError("name an exercise (kafka-course list shows them)");
  const e = findExercise(course, id);
  if (!e) throw new UsageError(`no exercise "${id}"; kafka-course list shows them`);
  return e;
}

export async function listCommand(root: string, io: Io): Promise<number> {
  const course = await courseOrFail(root, io);
  const progress = await readProgress(root);
  for (const l of course.lessons) {
    io.out(bold(`${String(l.order).padStart(2, "0")}  ${l.title}`));
    for (const e of l.exercises) {
      const p = progress.progress.exercises[e.id];
      const mark = p?.passed ? green("✓") : p?.attempts ? red("✗") : dim("·");
      io.out(`    ${mark} ${e.id.padEnd(28)} ${e.title}`);
    }
  }
  return course.problems.length > 0 ? 1 : 0;
}

/** Runs checks with one broker for all of them (only started if a code exercise needs one). */
async function withChecks<T>(
  root: string,
  io: Io,
  exercises: readonly Exercise[],
  fn: (check: (e: Exercise, target: Target) => Promise<CheckResult>) => Promise<T>,
): Promise<T> {
  const needsBroker = exercises.some((e) => e.kind === "code");
  const broker = needsBroker ? await openBroker((m) => io.err(dim(`[broker] ${m}`))) : undefined;
  if (broker) io.err(dim(`[broker] ${broker.description}, ready in ${(broker.startMs / 1000).toFixed(1)} s`));
  if (exercises.length > 1) keepWorkerWarm(true);
  try {
    return await fn((exercise, target) =>
      checkExercise({
        projectRoot: root,
        exercise,
        target,
        ...(broker && { context: contextFor(broker) }),
      }),
    );
  } finally {
    keepWorkerWarm(false);
    await broker?.stop();
  }
}

export async function checkCommand(root: string, id: string | undefined, solution: boolean, io: Io): Promise<number> {
  const course = await courseOrFail(root, io);
  const exercise = exerciseOrFail(course, id);
  const target: Target = solution ? "solutions" : "exercises";
  const r = await withChecks(root, io, [exercise], (check) => check(exercise, target));
  io.out(formatResult(exercise.id, r));
  if (!solution) await recordResult(root, exercise.id, r.status === "passed");
  if (r.status !== "passed" && !solution) io.out(dim(`Stuck? kafka-course hint ${exercise.id}`));
  return r.status === "passed" ? 0 : 1;
}

export async function verifyCommand(root: string, target: Target, json: boolean, io: Io): Promise<number> {
  const course = await courseOrFail(root, io);
  const exercises = allExercises(course);
  const results: { id: string; lesson: number; missing: string[]; result?: CheckResult }[] = [];
  await withChecks(root, io, exercises, async (check) => {
    for (const e of exercises) {
      const missing = missingFiles(e);
      const result = missing.length > 0 ? undefined : await check(e, target);
      results.push({ id: e.id, lesson: e.lessonOrder, missing, ...(result && { result }) });
      if (!json) io.out(result ? formatResult(e.id, result) : red(`✗ ${e.id}: missing ${missing.join(", ")}`));
    }
  });
  const passed = results.filter((r) => r.result?.status === "passed").length;
  if (json) {
    io.out(
      JSON.stringify({ target, passed, total: results.length, problems: course.problems, exercises: results }, null, 2),
    );
  } else {
    io.out(bold(`${passed} of ${results.length} exercises pass (${target})`));
  }
  return passed === results.length && course.problems.length === 0 ? 0 : 1;
}

export async function hintCommand(root: string, id: string | undefined, io: Io): Promise<number> {
  const course = await courseOrFail(root, io);
  const e = exerciseOrFail(course, id);
  const { progress } = await readProgress(root);
  const shown = progress.exercises[e.id]?.hintsShown ?? 0;
  const n = Math.min(shown + 1, e.hints.length);
  for (let i = 0; i < n; i++) io.out(`${bold(`Hint ${i + 1}/${e.hints.length}:`)} ${e.hints[i]}`);
  if (n === e.hints.length) io.out(dim(`That is every hint. The lesson section “${e.section}” explains it.`));
  await recordResult(root, e.id, undefined, n);
  return 0;
}

export async function resetCommand(root: string, id: string | undefined, io: Io, gitShow = gitHead): Promise<number> {
  const course = await courseOrFail(root, io);
  const e = exerciseOrFail(course, id);
  const backupDir = join(root, ".course", "backups");
  await mkdir(backupDir, { recursive: true });
  const backup = join(
    backupDir,
    `${e.id}-${new Date().toISOString().replaceAll(":", "-")}-${e.file.replaceAll("/", "_")}`,
  );
  await copyFile(e.stubPath, backup);
  const original = gitShow(root, e.stubPath);
  if (original === undefined) {
    io.err(red(`cannot find the original stub of ${e.id} in git; your file is unchanged (backup: ${backup})`));
    return 1;
  }
  const { writeFile } = await import("node:fs/promises");
  await writeFile(e.stubPath, original);
  io.out(`${e.id} is back to its starting stub. Your version is saved in ${backup}`);
  return 0;
}

/**
 * The stub as the course shipped it: from the course's upstream (origin/HEAD) when the clone has
 * one, so a learner who commits their own work still gets the original back; else from HEAD.
 */
export function gitHead(root: string, path: string): string | undefined {
  const rel = path.slice(root.length + 1);
  for (const rev of ["origin/HEAD", "HEAD"]) {
    const r = spawnSync("git", ["show", `${rev}:${rel}`], { cwd: root, encoding: "utf8" });
    if (r.status === 0) return r.stdout;
  }
  return undefined;
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
