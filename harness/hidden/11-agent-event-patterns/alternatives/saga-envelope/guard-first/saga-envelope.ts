import { randomUUID } from "node:crypto";

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

const fresh = (): Pick<SagaEvent, "id" | "time"> => ({ id: randomUUID(), time: new Date().toISOString() });

/** The lineage part of an envelope: what ties an event to its saga and to its cause. */
function lineage(cause: SagaEvent): Pick<SagaEvent, "sagaId" | "correlationId" | "causationId" | "depth"> {
  return { sagaId: cause.sagaId, correlationId: cause.correlationId, causationId: cause.id, depth: cause.depth + 1 };
}

export function caused(cause: SagaEvent, type: EventType, extra: Partial<SagaEvent> = {}): SagaEvent {
  return { ...fresh(), type, ...lineage(cause), ...extra };
}

export function requestStep(cause: SagaEvent, step: Step, maxDepth: number): SagaEvent | undefined {
  const { depth } = lineage(cause);
  return depth <= maxDepth ? caused(cause, "step.requested", { step }) : undefined;
}
