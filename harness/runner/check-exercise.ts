import type { Exercise } from "../content/model.js";
import { checkSkill } from "../skill/index.js";
import type { CheckResult, TestOutcome } from "./types.js";

/**
 * The skill exercise's check: the skill checker over the learner's SKILL.md (or the reference),
 * mapped to test outcomes like a code exercise's. No broker, no worker.
 */
export async function checkSkillExercise(
  projectRoot: string,
  exercise: Exercise,
  target: "exercises" | "solutions",
  onTest?: (t: TestOutcome) => void,
): Promise<CheckResult> {
  const t0 = performance.now();
  const path = target === "solutions" ? exercise.solutionPath : exercise.stubPath;
  const report = await checkSkill(path, { lesson: exercise.lessonOrder, root: projectRoot });
  const tests: TestOutcome[] = [
    ...report.findings
      .filter((f) => f.severity === "error")
      .map((f) => ({
        name: `format: ${f.code}`,
        state: "failed" as const,
        message: `${f.message}${f.line ? ` (line ${f.line})` : ""}\nFix: ${f.fix}`,
        durationMs: 0,
      })),
    ...report.items.map((i): TestOutcome =>
      i.status === "found"
        ? { name: i.title, state: "passed", durationMs: 0 }
        : {
            name: i.title,
            state: "failed",
            message: `${i.reason ? `${i.reason}\n` : ""}Add: ${i.fix}\nFor example: ${i.example}`,
            durationMs: 0,
          },
    ),
  ];
  tests.forEach((t) => onTest?.(t));
  return { status: report.ok ? "passed" : "failed", tests, durationMs: Math.round(performance.now() - t0) };
}
