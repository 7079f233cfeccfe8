import { join } from "node:path";
import type { Exercise } from "../content/model.js";
import { checkSkill } from "../skill/index.js";
import type { CourseContext } from "../testkit/provided.js";
import { runCheck } from "./run-check.js";
import type { CheckResult, TestOutcome } from "./types.js";

export type Target = "exercises" | "solutions";

export interface ExerciseCheck {
  readonly projectRoot: string;
  readonly exercise: Exercise;
  readonly target: Target;
  /** Needed for code exercises; a skill exercise runs without a broker. */
  readonly context?: CourseContext;
  readonly signal?: AbortSignal;
  readonly onTest?: (t: TestOutcome) => void;
}

/** One entry point for both kinds: hidden vitest checks for code, the skill checker for the skill. */
export async function checkExercise(req: ExerciseCheck): Promise<CheckResult> {
  const { exercise, projectRoot } = req;
  if (exercise.kind === "skill") return checkSkillExercise(req);
  if (!req.context) throw new Error(`exercise ${exercise.id} needs a broker`);
  return runCheck({
    testFiles: [exercise.hiddenTestPath],
    targetRoot: join(projectRoot, req.target),
    projectRoot,
    context: req.context,
    ...(req.signal && { signal: req.signal }),
    ...(req.onTest && { onTest: req.onTest }),
  });
}

async function checkSkillExercise(req: ExerciseCheck): Promise<CheckResult> {
  const t0 = performance.now();
  const path = req.target === "solutions" ? req.exercise.solutionPath : req.exercise.stubPath;
  const report = await checkSkill(path, { lesson: req.exercise.lessonOrder, root: req.projectRoot });
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
  tests.forEach((t) => req.onTest?.(t));
  return { status: report.ok ? "passed" : "failed", tests, durationMs: Math.round(performance.now() - t0) };
}
