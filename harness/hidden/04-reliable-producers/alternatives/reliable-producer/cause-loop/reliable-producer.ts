// Alternative correct solution: classification walks the cause chain in a loop with instanceof checks.
import { randomUUID } from "node:crypto";
import { KafkaJSError, KafkaJSNumberOfRetriesExceeded, type Kafka, type Producer } from "kafkajs";

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
    super(`publishing ${taskId} failed (${kind})`);
    this.name = "PublishError";
  }
}

export async function createTaskProducer(kafka: Kafka, opts: TaskProducerOptions = {}): Promise<Producer> {
  const { retries = 5 } = opts;
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries } });
  await producer.connect();
  return producer;
}

export async function publishTaskEvent(producer: Producer, topic: string, event: TaskEvent): Promise<void> {
  const headers = { "event-type": event.type, "correlation-id": event.correlationId ?? randomUUID() };
  await producer
    .send({ topic, acks: -1, messages: [{ key: event.taskId, value: JSON.stringify(event), headers }] })
    .catch((e: unknown) => {
      throw new PublishError(classifyError(e), event.taskId, e);
    });
}

export function classifyError(e: unknown): FailureKind {
  let err = e;
  while (err instanceof KafkaJSNumberOfRetriesExceeded) err = err.cause;
  return err instanceof KafkaJSError && err.retriable ? "retriable" : "fatal";
}
