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

/** The next event of a saga, assembled from the cause's parts (Object.assign puts extra on top). */
export function caused(cause: SagaEvent, type: EventType, extra: Partial<SagaEvent> = {}): SagaEvent {
  const { id, sagaId, correlationId, depth } = cause;
  const next: SagaEvent = {
    id: crypto.randomUUID(),
    type,
    sagaId,
    correlationId,
    causationId: id,
    depth: depth + 1,
    time: new Date(Date.now()).toISOString(),
  };
  return Object.assign(next, extra);
}

/** Decides on the cause's depth before making anything: its child would be one deeper. */
export function requestStep(cause: SagaEvent, step: Step, maxDepth: number): SagaEvent | undefined {
  if (cause.depth + 1 > maxDepth) return undefined;
  return caused(cause, "step.requested", { step });
}
