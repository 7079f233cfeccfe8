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

/** A connected, idempotent producer that waits for all in-sync replicas and retries a bounded number of times. */
export async function createTaskProducer(kafka: Kafka, opts: TaskProducerOptions = {}): Promise<Producer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    retry: { retries: opts.retries ?? 5, maxRetryTime: 5_000 },
  });
  await producer.connect();
  return producer;
}

/** Publishes one event keyed by its task id, with type and correlation id headers; throws a PublishError. */
export async function publishTaskEvent(producer: Producer, topic: string, event: TaskEvent): Promise<void> {
  try {
    await producer.send({
      topic,
      acks: -1,
      messages: [
        {
          key: event.taskId,
          value: JSON.stringify(event),
          headers: { "event-type": event.type, "correlation-id": event.correlationId ?? randomUUID() },
        },
      ],
    });
  } catch (e) {
    throw new PublishError(classifyError(e), event.taskId, e);
  }
}

/**
 * kafkajs marks each error `retriable`. When it has already retried and given up it throws
 * KafkaJSNumberOfRetriesExceeded, which is not retriable itself: look at the error it wraps.
 */
export function classifyError(e: unknown): FailureKind {
  const err = e as { name?: string; retriable?: boolean; cause?: unknown } | undefined;
  if (err?.name === "KafkaJSNumberOfRetriesExceeded") return classifyError(err.cause);
  return err?.retriable === true ? "retriable" : "fatal";
}
