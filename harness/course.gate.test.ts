import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, inject, test } from "vitest";
import { missingFiles, projectPaths } from "./content/loader.js";
import { Session } from "./session/session.js";
import { materialiseMutant, type Mutant } from "./runner/mutants.js";
import { brokerFromContext } from "./runner/context.js";
import type { CheckResult } from "./runner/types.js";
import { PROJECT_ROOT } from "./testing/course-root.js";
import "./testkit/provided.js";

/**
 * The course's own gate, as rustlings' dev check: for every code exercise the hidden checks
 * pass on the reference solution, fail on the untouched stub, and fail on every mutant (a copy
 * of the solution with one mistake the lesson warns about) with a message that names it.
 */
// One session for the whole gate, on the suite's broker: it starts the other real parts an
// exercise declares (registry, PostgreSQL, the cluster) and type-checks each target first.
const session = await Session.open({
  root: PROJECT_ROOT,
  broker: { kind: "given", broker: brokerFromContext(inject("course")) },
  keepWarm: true,
});
const course = session.course;
afterAll(() => session.close());
const paths = projectPaths(PROJECT_ROOT);
const only = process.env.COURSE_GATE_ONLY?.split(",");

function summary(r: CheckResult): string {
  const lines = r.tests.map(
    (t) =>
      `  ${t.state === "passed" ? "✓" : "✗"} ${t.name}${t.message ? `\n      ${t.message.replaceAll("\n", "\n      ")}` : ""}`,
  );
  return [`status ${r.status} in ${r.durationMs} ms`, r.problem ?? "", ...lines].join("\n");
}

test("every lesson file loads without problems", () => {
  expect(course.problems.map((p) => `${p.file}: ${p.message}`)).toEqual([]);
  expect(course.lessons.length).toBeGreaterThan(0);
});

const exercises = course.lessons
  .flatMap((l) => l.exercises)
  .filter((e) => e.kind === "code" && (!only || only.includes(e.id)));

describe.each(exercises.map((e) => [e.id, e] as const))("exercise %s", (_id, exercise) => {
  /** The one way the gate runs a check: through the session, as a learner's check runs. */
  const check = async (targetRoot: string) =>
    (await session.check(exercise, { target: { root: targetRoot }, budgetMs: 240_000 })).result;

  test("has a stub, a solution and hidden checks", () => {
    expect(missingFiles(exercise)).toEqual([]);
  });

  test("hidden checks pass on the reference solution", { timeout: 300_000 }, async () => {
    const r = await check(paths.solutions);
    expect(r.status, summary(r)).toBe("passed");
  });

  test("hidden checks fail on the untouched stub", { timeout: 300_000 }, async () => {
    const r = await check(paths.exercises);
    expect(["failed", "load-error"], summary(r)).toContain(r.status);
    expect(r.tests.some((t) => t.state === "failed") || r.status === "load-error", summary(r)).toBe(true);
  });

  const mutantsFile = exercise.hiddenTestPath.replace(/\.check\.ts$/, ".mutants.ts");
  test.runIf(existsSync(mutantsFile))(
    "hidden checks catch every mutant with a teaching message",
    { timeout: 900_000 },
    async () => {
      const { mutants } = (await import(pathToFileURL(mutantsFile).href)) as { mutants: readonly Mutant[] };
      expect(mutants.length).toBeGreaterThan(0);
      for (const mutant of mutants) {
        const root = join(
          PROJECT_ROOT,
          ".course",
          "mutants",
          `${exercise.id}--${mutant.name.replaceAll(/[^a-z0-9]+/gi, "-")}`,
        );
        await materialiseMutant(paths.solutions, root, exercise.lessonSlug, mutant);
        const r = await check(root);
        const messages = [r.problem ?? "", ...r.tests.map((t) => t.message ?? "")].join("\n");
        expect(r.status, `mutant "${mutant.name}" (${mutant.mistake}) should fail:\n${summary(r)}`).not.toBe("passed");
        expect(
          messages,
          `mutant "${mutant.name}": the failure should say ${mutant.expectMessage}\n${summary(r)}`,
        ).toMatch(mutant.expectMessage);
      }
    },
  );
});
