import { inject } from "vitest";
import type { Exercise } from "../content/model.js";
import { runCheck } from "../runner/run-check.js";
import type { CheckResult } from "../runner/types.js";
import { PROJECT_ROOT } from "../testing/course-root.js";
import "../testkit/provided.js";

/** One check's budget in the gate: past it the check is stopped and reported as timed out. */
export const GATE_CHECK_BUDGET_MS = 240_000;

/**
 * The one function every check of the gate goes through: the hidden checks of `exercise` against
 * `targetRoot` (solutions/, exercises/, a mutant or an alternative copy) on the suite's broker.
 */
export function gateCheck(exercise: Exercise, targetRoot: string): Promise<CheckResult> {
  return runCheck({
    testFiles: [exercise.hiddenTestPath],
    targetRoot,
    projectRoot: PROJECT_ROOT,
    context: inject("course"),
    budgetMs: GATE_CHECK_BUDGET_MS,
  });
}

/** A result as the gate prints it when an expectation fails. */
export function summary(r: CheckResult): string {
  const lines = r.tests.map(
    (t) =>
      `  ${t.state === "passed" ? "✓" : "✗"} ${t.name}${t.message ? `\n      ${t.message.replaceAll("\n", "\n      ")}` : ""}`,
  );
  return [`status ${r.status} in ${r.durationMs} ms`, r.problem ?? "", ...lines].join("\n");
}
