import type { Placement } from "../runner/check-queue.js";

/**
 * Where each exercise's checks may run in `verify` and the gate (one CheckQueue for both). Most
 * run side by side; these exceptions say why. CI runs the gate of every timing-sensitive exercise
 * once more with both cores saturated (.ci/run), beside each other as here, to prove their
 * verdicts stay right on a slow, busy machine.
 */

/**
 * Exercises whose verdict needs the machine alone: no other check runs beside theirs. `verify`
 * runs them first, in this order, while the services start (CPU load, as in CI's saturated gate).
 */
export const RUN_ALONE: Readonly<Record<string, string>> = {
  "variable-latency-consumer": "rate limits are measured per wall-clock second",
  "task-event-system": "rate limits are measured per wall-clock second (the capstone's no-limiter mutant)",
  // Beside another check its "no interval" mutant passed: on a busy machine even samples taken
  // back to back are far enough apart to see the lag move.
  "lag-classifier": "lag is classified from samples taken over time",
};

/** Exercises whose checks hold a resource of the session: one such check at a time, beside any others. */
const EXCLUSIVE: Readonly<Record<string, { readonly resource: string; readonly why: string }>> = {
  "reliable-producer": {
    resource: "fault-proxy",
    why: "the fault proxy listens on the broker's one proxied port (the port its listener advertises)",
  },
  "under-replicated-report": {
    resource: "cluster",
    why: "it stops and restarts nodes of the one three-broker cluster the session shares",
  },
};

/** Timing matters, but only to the check's own group: safe beside other checks, still proved under load. */
const TIMING_SENSITIVE_CONCURRENT: Readonly<Record<string, string>> = {
  "task-created-event": "the function must answer within a 1 s budget while downstream work takes 3 s",
  "reliable-producer": "the verdict counts request timeouts and retries through the fault proxy",
  "slow-processor": "processing time (2.5 s an event) is measured against a 6 s session timeout",
  "consumer-protocol-group":
    "the longest pause of a partition during a member join, against 3× the pause measured before it",
  "at-least-once-consumer": "a crashed member leaves its group after a short session timeout",
  "idempotent-notifier": "a crashed member leaves its group after a short session timeout",
  "transactional-processor": "a frozen instance is fenced after its session expires",
  "saga-orchestrator": "participants answer slowly; the order and overlap of compensations is timed",
  "poison-messages": "the backoff between retries is measured",
  "rebalance-storm": "one task outlasts the session timeout; rejoins are counted",
  "debezium-outbox": "a killed Connect worker's tasks move after its session; the slot's lag is sampled",
};

export function runsAlone(exerciseId: string): boolean {
  return exerciseId in RUN_ALONE;
}

/** Where an exercise's checks run in the CheckQueue. */
export function placementOf(exerciseId: string): Placement {
  const exclusive = EXCLUSIVE[exerciseId];
  return { ...(runsAlone(exerciseId) && { alone: true }), ...(exclusive && { resource: exclusive.resource }) };
}

export function isTimingSensitive(exerciseId: string): boolean {
  return runsAlone(exerciseId) || exerciseId in TIMING_SENSITIVE_CONCURRENT || exerciseId in EXCLUSIVE;
}

/**
 * The timing-sensitive exercises CI re-proves with the CPUs saturated. Left out, each for a reason
 * that is the machine's and not the verdict's: under-replicated-report (three broker JVMs restart on
 * a saturated machine past the check's own start limits) and debezium-outbox (a Connect JVM restart).
 */
export function provedUnderLoad(exerciseId: string): boolean {
  return isTimingSensitive(exerciseId) && !["under-replicated-report", "debezium-outbox"].includes(exerciseId);
}
