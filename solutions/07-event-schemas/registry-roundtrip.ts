import { COMPATIBILITY, SchemaType, type SchemaRegistry } from "@kafkajs/confluent-schema-registry";
import type { Schema } from "avsc";
import type { Kafka } from "kafkajs";

/** A task event as the v1/v2 schemas describe it (occurredAt, dueDate: milliseconds since the epoch). */
export interface TaskEvent {
  readonly eventId: string;
  readonly taskId: string;
  readonly type: "CREATED" | "UPDATED" | "COMPLETED";
  readonly title: string;
  readonly occurredAt: number;
  readonly dueDate?: number | null;
}

/** The registry refused a schema for a subject: the message says which subject and why. */
export class SchemaRejectedError extends Error {
  constructor(
    readonly subject: string,
    readonly reason: string,
  ) {
    super(`Schema rejected for subject ${subject}: ${reason}`);
    this.name = "SchemaRejectedError";
  }
}

/**
 * Registers `schema` (Avro) under `subject` with BACKWARD compatibility and returns its id.
 * An incompatible schema is rejected by the registry: throw a SchemaRejectedError then.
 */
export async function registerSchema(registry: SchemaRegistry, subject: string, schema: Schema): Promise<number> {
  try {
    const { id } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
      { subject, compatibility: COMPATIBILITY.BACKWARD },
    );
    return id;
  } catch (e) {
    // 409 Conflict: the registry's compatibility check failed. Anything else (unreachable,
    // unauthorised) is a different problem and keeps its own error.
    if ((e as { status?: number }).status === 409) {
      throw new SchemaRejectedError(subject, `incompatible under BACKWARD compatibility: ${(e as Error).message}`);
    }
    throw e;
  }
}

/** Encodes the event with schema `schemaId` (registry wire format) and sends it keyed by taskId. */
export async function publishTaskEvent(
  kafka: Kafka,
  registry: SchemaRegistry,
  topic: string,
  schemaId: number,
  event: TaskEvent,
): Promise<void> {
  const value = await registry.encode(schemaId, event);
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: [{ key: event.taskId, value }] });
  } finally {
    await producer.disconnect();
  }
}

/** Reads `count` records from the start of `topic` as group `groupId` and decodes each with the registry. */
export async function readTaskEvents(
  kafka: Kafka,
  registry: SchemaRegistry,
  topic: string,
  groupId: string,
  count: number,
): Promise<TaskEvent[]> {
  const consumer = kafka.consumer({ groupId });
  const events: TaskEvent[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ message }) => {
            // The schema id travels in every record, so records of older versions decode too.
            if (message.value) events.push((await registry.decode(message.value)) as TaskEvent);
            if (events.length >= count) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return events;
}
