import { inject } from "vitest";
import type { Exercise } from "../content/model.js";
import { brokerFromContext } from "../runner/context.js";
import type { CheckResult } from "../runner/types.js";
import { Session } from "../session/session.js";
import { PROJECT_ROOT } from "../testing/course-root.js";
import "../testkit/provided.js";

/** One check's budget in the gate: past it the check is stopped and reported as timed out. */
export const GATE_CHECK_BUDGET_MS = 240_000;

/** How the gate runs one check: the hidden checks of `exercise` against `targetRoot`. */
export type GateCheck = (exercise: Exercise, targetRoot: string) => Promise<CheckResult>;

/**
 * The gate's one session, on the suite's broker: every check goes through it as a learner's does
 * (type-checked first; the registry, PostgreSQL, the cluster started when an exercise declares
 * them), against solutions/, exercises/, a mutant or an alternative copy.
 */
export async function openGate(
  exercises: readonly Exercise[],
): Promise<{ readonly check: GateCheck; close(): Promise<void> }> {
  const session = await Session.open({
    root: PROJECT_ROOT,
    broker: { kind: "given", broker: brokerFromContext(inject("course")) },
    keepWarm: true,
  });
  // The services `exercises` need start side by side now, not each inside the slot of its first check.
  void session.prepare(exercises);
  return {
    check: async (exercise, targetRoot) =>
      (await session.check(exercise, { target: { root: targetRoot }, budgetMs: GATE_CHECK_BUDGET_MS })).result,
    close: () => session.close(),
  };
}

/** A result as the gate prints it when an expectation fails. */
export function summary(r: CheckResult): string {
  const lines = r.tests.map(
    (t) =>
      `  ${t.state === "passed" ? "✓" : "✗"} ${t.name}${t.message ? `\n      ${t.message.replaceAll("\n", "\n      ")}` : ""}`,
  );
  return [`status ${r.status} in ${r.durationMs} ms`, r.problem ?? "", ...lines].join("\n");
}
