// Alternative correct solution: sendBatch, the retry budget set through a settings object, and the
// classification written as a switch over the error's name.
import { randomUUID } from "node:crypto";
import type { Kafka, Producer, ProducerConfig } from "kafkajs";

export interface TaskEvent {
  readonly taskId: string;
  readonly type: "task.created" | "task.updated" | "task.completed";
  readonly title: string;
  readonly correlationId?: string;
}

export interface TaskProducerOptions {
  readonly retries?: number;
}

export type FailureKind = "retriable" | "fatal";

export class PublishError extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly taskId: string,
    override readonly cause: unknown,
  ) {
    super(`could not publish ${taskId}: ${kind}`);
    this.name = "PublishError";
  }
}

function settings(retries: number): ProducerConfig {
  return { idempotent: true, maxInFlightRequests: 1, retry: { retries, initialRetryTime: 100, maxRetryTime: 3_000 } };
}

export async function createTaskProducer(kafka: Kafka, opts: TaskProducerOptions = {}): Promise<Producer> {
  const producer = kafka.producer(settings(opts.retries ?? 5));
  await producer.connect();
  return producer;
}

export async function publishTaskEvent(producer: Producer, topic: string, event: TaskEvent): Promise<void> {
  const message = {
    key: event.taskId,
    value: JSON.stringify(event),
    headers: { "event-type": event.type, "correlation-id": event.correlationId || randomUUID() },
  };
  try {
    await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: [message] }] });
  } catch (e) {
    throw new PublishError(classifyError(e), event.taskId, e);
  }
}

export function classifyError(e: unknown): FailureKind {
  const err = e as { name?: string; retriable?: boolean; cause?: unknown } | null;
  switch (err?.name) {
    case "KafkaJSNumberOfRetriesExceeded":
      return classifyError(err.cause);
    case undefined:
      return "fatal";
    default:
      return err?.retriable ? "retriable" : "fatal";
  }
}
