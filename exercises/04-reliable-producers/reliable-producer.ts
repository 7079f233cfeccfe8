import { randomUUID } from "node:crypto";
import type { Kafka, Producer } from "kafkajs";

/** A task event as the task service publishes it. */
export interface TaskEvent {
  readonly taskId: string;
  readonly type: "task.created" | "task.updated" | "task.completed";
  readonly title: string;
  /** Copied from the request that caused the event; a new one is made when absent. */
  readonly correlationId?: string;
}

export interface TaskProducerOptions {
  /** How often a failed send is retried before publishTaskEvent gives up (default 5). */
  readonly retries?: number;
}

/** Retriable: a transient condition (timeout, leader moving); fatal: retrying cannot help. */
export type FailureKind = "retriable" | "fatal";

/** What publishTaskEvent throws: the cause, classified, so the caller knows what to do next. */
export class PublishError extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly taskId: string,
    override readonly cause: unknown,
  ) {
    super(`publishing ${taskId} failed (${kind}): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "PublishError";
  }
}

/**
 * Create and connect a producer for task events: idempotent, a bounded number of retries
 * (`opts.retries`, default 5) and at most one request in flight.
 */
export async function createTaskProducer(kafka: Kafka, opts: TaskProducerOptions = {}): Promise<Producer> {
  void kafka;
  void opts;
  throw new Error("TODO: create the producer (lesson 4, section 'The exercise: a reliable task-events producer')");
}

/**
 * Publish one event to `topic`: wait for all in-sync replicas (acks -1), key = event.taskId,
 * value = JSON.stringify(event), headers "event-type" and "correlation-id" (make one if the
 * event has none). On failure throw a PublishError whose kind says "retriable" or "fatal".
 */
export async function publishTaskEvent(producer: Producer, topic: string, event: TaskEvent): Promise<void> {
  void producer;
  void topic;
  void event;
  void randomUUID;
  throw new Error("TODO: publish the event (lesson 4, section 'The exercise: a reliable task-events producer')");
}

/** "retriable" for a transient failure, "fatal" when retrying cannot help (see the lesson). */
export function classifyError(e: unknown): FailureKind {
  void e;
  throw new Error("TODO: classify the error (lesson 4, section 'The exercise: a reliable task-events producer')");
}
