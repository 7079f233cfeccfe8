import type { Kafka } from "kafkajs";

// The envelope is the first exercise of this lesson (saga-envelope.ts): build on your caused() and requestStep().
export { STEPS, caused, requestStep, type EventType, type SagaEvent, type Step } from "./saga-envelope.js";

export interface OrchestratorOptions {
  /** Where clients write saga.requested. */
  readonly requestsTopic: string;
  /** Where the orchestrator writes step.requested and step.compensate. */
  readonly commandsTopic: string;
  /** Where participants write their replies. */
  readonly repliesTopic: string;
  /** The saga log: saga.started, saga.timed-out, saga.confirmed, saga.compensated. */
  readonly sagasTopic: string;
  readonly groupId: string;
  /** How long to wait for a participant's reply before giving up on the step (or resending a compensation). */
  readonly stepTimeoutMs: number;
  /** No step.requested deeper than this: an agent that keeps asking for more work is stopped. */
  readonly maxDepth: number;
}

export interface Orchestrator {
  stop(): Promise<void>;
}

/**
 * Orchestrates reserve-budget → run-model → publish for every saga.requested it reads from
 * options.requestsTopic, talking to the participants only through Kafka (key = saga id):
 * - on saga.requested: emit saga.started to options.sagasTopic, then step.requested(reserve-budget)
 *   to options.commandsTopic; every event made with caused() from the event that caused it, every
 *   step.requested with requestStep() (saga-envelope.ts, the first exercise of this lesson);
 * - on a reply in options.repliesTopic that answers the command the saga waits for (its
 *   causationId): step.succeeded → the next step, or saga.confirmed after publish; a run-model
 *   success with followUp: true → another run-model; step.failed → compensate;
 *   step.compensated → the next compensation. Ignore every other reply (duplicates, late ones);
 * - compensate = step.compensate for each completed step, last completed first, one at a time,
 *   then saga.compensated (with a reason);
 * - no reply within options.stepTimeoutMs → saga.timed-out, then compensate (a compensation that
 *   times out is sent again, same event);
 * - requestStep() refuses a step.requested deeper than options.maxDepth: compensate instead.
 * stop() clears the timers and disconnects.
 */
export async function startOrchestrator(kafka: Kafka, options: OrchestratorOptions): Promise<Orchestrator> {
  void kafka;
  void options;
  throw new Error("TODO: the saga orchestrator (lesson 11, section 'Exercise: a saga orchestrator')");
}
