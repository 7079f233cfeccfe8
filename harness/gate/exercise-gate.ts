import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, test } from "vitest";
import { missingFiles, projectPaths } from "../content/loader.js";
import type { Exercise } from "../content/model.js";
import { materialiseMutant, type Mutant } from "../runner/mutants.js";
import { PROJECT_ROOT } from "../testing/course-root.js";
import { filesUnder, listAlternatives, materialiseAlternative, type Alternative } from "./alternatives.js";
import { summary, type GateCheck } from "./gate-check.js";

/** What the gate proves about one exercise, read before any test runs. */
export interface ExercisePlan {
  readonly exercise: Exercise;
  /** Undefined when the exercise has no mutants file. */
  readonly mutants?: readonly Mutant[];
  readonly alternatives: readonly Alternative[];
}

export async function planFor(exercise: Exercise): Promise<ExercisePlan> {
  const mutantsFile = exercise.hiddenTestPath.replace(/\.check\.ts$/, ".mutants.ts");
  const mutants = existsSync(mutantsFile)
    ? ((await import(pathToFileURL(mutantsFile).href)) as { mutants: readonly Mutant[] }).mutants
    : undefined;
  return { exercise, ...(mutants && { mutants }), alternatives: await listAlternatives(exercise) };
}

/**
 * Each check is one test, so the gate can run them side by side and report each as it ends. A
 * test waits in the gate's CheckQueue for its turn, so its timeout covers the whole gate; the
 * check itself is stopped after GATE_CHECK_BUDGET_MS by the session.
 */
const CHECK_TIMEOUT_MS = 60 * 60_000;
const slugOf = (name: string): string => name.replaceAll(/[^a-z0-9]+/gi, "-");

/**
 * The gate of one exercise: the hidden checks pass on the reference solution and on every
 * alternative correct solution, fail on the untouched stub, and fail on every mutant with a
 * message that names its mistake.
 */
export function exerciseGate({ exercise, mutants, alternatives }: ExercisePlan, gateCheck: GateCheck): void {
  const paths = projectPaths(PROJECT_ROOT);
  describe(`exercise ${exercise.id}`, () => {
    test("has a stub, a solution and hidden checks", ({ expect }) => {
      expect(missingFiles(exercise)).toEqual([]);
    });

    test("hidden checks pass on the reference solution", { timeout: CHECK_TIMEOUT_MS }, async ({ expect }) => {
      const r = await gateCheck(exercise, paths.solutions);
      expect(r.status, summary(r)).toBe("passed");
    });

    test("hidden checks fail on the untouched stub", { timeout: CHECK_TIMEOUT_MS }, async ({ expect }) => {
      const r = await gateCheck(exercise, paths.exercises);
      expect(["failed", "load-error"], summary(r)).toContain(r.status);
      expect(r.tests.some((t) => t.state === "failed") || r.status === "load-error", summary(r)).toBe(true);
    });

    if (mutants) {
      test("the mutants file lists at least one mutant", ({ expect }) => {
        expect(mutants.length).toBeGreaterThan(0);
      });
    }
    for (const mutant of mutants ?? []) {
      test(
        `hidden checks catch the mutant "${mutant.name}" with a teaching message`,
        { timeout: CHECK_TIMEOUT_MS },
        async ({ expect }) => {
          const root = join(PROJECT_ROOT, ".course", "mutants", `${exercise.id}--${slugOf(mutant.name)}`);
          await materialiseMutant(paths.solutions, root, exercise.lessonSlug, mutant);
          const r = await gateCheck(exercise, root);
          const messages = [r.problem ?? "", ...r.tests.map((t) => t.message ?? "")].join("\n");
          expect(r.status, `mutant "${mutant.name}" (${mutant.mistake}) should fail:\n${summary(r)}`).not.toBe(
            "passed",
          );
          expect(
            messages,
            `mutant "${mutant.name}": the failure should say ${mutant.expectMessage}\n${summary(r)}`,
          ).toMatch(mutant.expectMessage);
        },
      );
    }

    for (const alt of alternatives) {
      test(
        `hidden checks pass the alternative solution "${alt.name}"`,
        { timeout: CHECK_TIMEOUT_MS },
        async ({ expect }) => {
          expect(await filesUnder(alt.dir), `${alt.dir} holds no files`).not.toEqual([]);
          const root = join(PROJECT_ROOT, ".course", "alternatives", `${exercise.id}--${slugOf(alt.name)}`);
          await materialiseAlternative(paths.solutions, root, exercise.lessonSlug, alt);
          const r = await gateCheck(exercise, root);
          expect(r.status, `alternative "${alt.name}" should pass:\n${summary(r)}`).toBe("passed");
        },
      );
    }
  });
}
