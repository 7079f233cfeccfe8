import type { Kafka } from "kafkajs";

/** The agent workflow's steps, in order. Each completed step has a compensation. */
export const STEPS = ["reserve-budget", "run-model", "publish"] as const;
export type Step = (typeof STEPS)[number];

export type EventType =
  // a client asks for a saga (requests topic)
  | "saga.requested"
  // the orchestrator's saga log (sagas topic)
  | "saga.started"
  | "saga.timed-out"
  | "saga.confirmed"
  | "saga.compensated"
  // the orchestrator's commands to participants (commands topic)
  | "step.requested"
  | "step.compensate"
  // the participants' replies (replies topic)
  | "step.succeeded"
  | "step.failed"
  | "step.compensated";

/** One envelope for every event of a saga, on every topic. */
export interface SagaEvent {
  /** Unique per event: what causationId points at, and what consumers deduplicate on. */
  readonly id: string;
  readonly type: EventType;
  readonly sagaId: string;
  /** The same for every event of one saga: the saga id. */
  readonly correlationId: string;
  /** The id of the event that caused this one; null only for the request that starts it all. */
  readonly causationId: string | null;
  /** Causal hops from the request (0); every event is its cause's depth + 1. */
  readonly depth: number;
  readonly time: string;
  /** For step.* events: which step. */
  readonly step?: Step;
  /** step.succeeded from run-model: true when the agent wants another model call (a tool loop). */
  readonly followUp?: boolean;
  /** saga.compensated, saga.timed-out: why. */
  readonly reason?: string;
}

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
 * The event `cause` leads to: a fresh id, the given type, the cause's saga id and correlation id,
 * causation id = cause.id, depth = cause.depth + 1, the current time, then `extra` on top.
 */
export function caused(cause: SagaEvent, type: EventType, extra: Partial<SagaEvent> = {}): SagaEvent {
  void cause;
  void type;
  void extra;
  throw new Error("TODO: the next event of a saga (lesson 11, section 'Correlation and causation ids')");
}

/**
 * Orchestrates reserve-budget → run-model → publish for every saga.requested it reads from
 * options.requestsTopic, talking to the participants only through Kafka (key = saga id):
 * - on saga.requested: emit saga.started to options.sagasTopic, then step.requested(reserve-budget)
 *   to options.commandsTopic; every event made with caused() from the event that caused it;
 * - on a reply in options.repliesTopic that answers the command the saga waits for (its
 *   causationId): step.succeeded → the next step, or saga.confirmed after publish; a run-model
 *   success with followUp: true → another run-model; step.failed → compensate;
 *   step.compensated → the next compensation. Ignore every other reply (duplicates, late ones);
 * - compensate = step.compensate for each completed step, last completed first, one at a time,
 *   then saga.compensated (with a reason);
 * - no reply within options.stepTimeoutMs → saga.timed-out, then compensate (a compensation that
 *   times out is sent again, same event);
 * - never send a step.requested deeper than options.maxDepth: compensate instead.
 * stop() clears the timers and disconnects.
 */
export async function startOrchestrator(kafka: Kafka, options: OrchestratorOptions): Promise<Orchestrator> {
  void kafka;
  void options;
  throw new Error("TODO: the saga orchestrator (lesson 11, section 'Exercise: a saga orchestrator')");
}
