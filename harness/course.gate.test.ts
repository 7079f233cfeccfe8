import { existsSync } from "node:fs";
import { afterAll, describe, expect, test, vi } from "vitest";
import { loadCourse } from "./content/loader.js";
import { alternativesDir } from "./gate/alternatives.js";
import { exerciseGate, planFor } from "./gate/exercise-gate.js";
import { openGate, type GateCheck } from "./gate/gate-check.js";
import { placementOf, provedUnderLoad, runsAlone } from "./gate/timing.js";
import { CheckQueue } from "./runner/check-queue.js";
import { PROJECT_ROOT } from "./testing/course-root.js";

/**
 * The course's own gate, as rustlings' dev check: for every code exercise the hidden checks
 * pass on the reference solution and on every alternative correct solution, fail on the untouched
 * stub, and fail on every mutant (a copy of the solution with one mistake the lesson warns about)
 * with a message that names it.
 *
 * Checks spend most of their time waiting on the broker, so they run side by side through the
 * CheckQueue `verify` uses (COURSE_GATE_CONCURRENCY checks at once, default 3), placed as
 * gate/timing.ts says: those that hold one resource one at a time, those in RUN_ALONE last with
 * nothing beside them. Every test starts at once and waits in that queue for its turn.
 * COURSE_GATE_ONLY=<id>[,<id>] selects exercises; COURSE_GATE_TIMING=1 the timing-sensitive ones.
 */
vi.setConfig({ maxConcurrency: 10_000 });
const queue = new CheckQueue(Number(process.env.COURSE_GATE_CONCURRENCY ?? 3));
const course = await loadCourse(PROJECT_ROOT);
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
const opened = await openGate(exercises);
const gate = {
  check: ((exercise, root) => queue.run(placementOf(exercise.id), () => opened.check(exercise, root))) as GateCheck,
  close: () => opened.close(),
};
afterAll(() => gate.close());

// The queue starts an `alone` check only when no other check waits: declare those last.
const ordered = [...plans.filter((p) => !runsAlone(p.exercise.id)), ...plans.filter((p) => runsAlone(p.exercise.id))];
// A describe block with no test fails the file, so it exists only when a selection fills it.
if (ordered.length > 0) {
  describe.concurrent("every code exercise", () => ordered.forEach((p) => exerciseGate(p, gate.check)));
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
