import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { afterAll, describe, expect, test, vi } from "vitest";
import { loadCourse } from "./content/loader.js";
import { alternativesDir } from "./gate/alternatives.js";
import { exerciseGate, planFor } from "./gate/exercise-gate.js";
import { openGate } from "./gate/gate-check.js";
import { provedUnderLoad, runsAlone } from "./gate/timing.js";
import { PROJECT_ROOT } from "./testing/course-root.js";

/**
 * The course's own gate, as rustlings' dev check: for every code exercise the hidden checks
 * pass on the reference solution and on every alternative correct solution, fail on the untouched
 * stub, and fail on every mutant (a copy of the solution with one mistake the lesson warns about)
 * with a message that names it.
 *
 * Checks spend most of their time waiting on the broker, so independent exercises run side by
 * side (COURSE_GATE_CONCURRENCY checks at once, default: the number of cores, at least 2); the
 * exercises in gate/timing.ts's RUN_ALONE run afterwards, one check at a time.
 * COURSE_GATE_ONLY=<id>[,<id>] selects exercises; COURSE_GATE_TIMING=1 the timing-sensitive ones.
 */
vi.setConfig({ maxConcurrency: Number(process.env.COURSE_GATE_CONCURRENCY ?? Math.max(2, availableParallelism())) });
const course = await loadCourse(PROJECT_ROOT);
const gate = await openGate();
afterAll(() => gate.close());
const only = process.env.COURSE_GATE_ONLY?.split(",");
const timingOnly = process.env.COURSE_GATE_TIMING === "1";

test("every lesson file loads without problems", () => {
  expect(course.problems.map((p) => `${p.file}: ${p.message}`)).toEqual([]);
  expect(course.lessons.length).toBeGreaterThan(0);
});

const exercises = course.lessons
  .flatMap((l) => l.exercises)
  .filter((e) => e.kind === "code" && (!only || only.includes(e.id)) && (!timingOnly || provedUnderLoad(e.id)));
const plans = await Promise.all(exercises.map(planFor));

// A describe block with no test fails the file, so each exists only when a selection fills it.
const together = plans.filter((p) => !runsAlone(p.exercise.id));
const alone = plans.filter((p) => runsAlone(p.exercise.id));
if (together.length > 0) {
  describe.concurrent("independent exercises", () => together.forEach((p) => exerciseGate(p, gate.check)));
}
if (alone.length > 0) {
  describe("exercises whose timing needs the machine alone", () => alone.forEach((p) => exerciseGate(p, gate.check)));
}

/** Every code exercise has two alternatives; none may lose them unseen. */
const MIN_ALTERNATIVES = 2;

test("alternative correct solutions: every folder holds at least one, and each exercise has enough", () => {
  const short = plans.filter((p) => p.alternatives.length < 2);
  if (short.length > 0) {
    process.stderr.write(
      `[gate] exercises with fewer than two alternative solutions (${short.length} of ${plans.length}): ${short
        .map((p) => `${p.exercise.id} (${p.alternatives.length})`)
        .join(", ")}\n`,
    );
  }
  const emptyFolders = plans
    .filter((p) => p.alternatives.length === 0 && existsSync(alternativesDir(p.exercise)))
    .map((p) => alternativesDir(p.exercise));
  expect(emptyFolders, "an alternatives folder without any alternative in it").toEqual([]);
  expect(plans.filter((p) => p.alternatives.length < MIN_ALTERNATIVES).map((p) => p.exercise.id)).toEqual([]);
});
