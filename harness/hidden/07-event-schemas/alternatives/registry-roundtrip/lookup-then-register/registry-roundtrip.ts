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

const statusOf = (e: unknown): unknown => (e as { status?: unknown }).status;

/**
 * No such subject yet, or this schema is not one of its versions. The client turns the registry's
 * 404 for this lookup into a plain ConfluentSchemaRegistryError (its status is lost on the way).
 */
const isNotFound = (e: unknown): boolean =>
  statusOf(e) === 404 || (e as { name?: unknown }).name === "ConfluentSchemaRegistryError";

const timestamp = { type: "long", logicalType: "timestamp-millis" };

/**
 * The schema this consumer was written against (v2). Every record is resolved into it, whichever
 * version wrote it, so the code below always sees a dueDate (null for v1 records).
 */
const readerSchema = {
  type: "record" as const,
  name: "TaskEvent",
  namespace: "ai.tasks",
  fields: [
    { name: "eventId", type: "string" },
    { name: "taskId", type: "string" },
    { name: "type", type: { type: "enum", name: "TaskEventType", symbols: ["CREATED", "UPDATED", "COMPLETED"] } },
    { name: "title", type: "string" },
    { name: "occurredAt", type: timestamp },
    { name: "dueDate", type: ["null", timestamp], default: null },
  ],
};

/** The registry calls this exercise needs, in one place. */
class TaskEventCodec {
  constructor(private readonly registry: SchemaRegistry) {}

  /** Looks the schema up first and only registers it (under BACKWARD) when the subject lacks it. */
  async idFor(subject: string, schema: Schema): Promise<number> {
    const confluent = { type: SchemaType.AVRO, schema: JSON.stringify(schema) } as const;
    try {
      return await this.registry.getRegistryIdBySchema(subject, confluent);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    try {
      const { id } = await this.registry.register(confluent, { subject, compatibility: COMPATIBILITY.BACKWARD });
      return id;
    } catch (e) {
      if (statusOf(e) === 409) {
        throw new SchemaRejectedError(
          subject,
          `incompatible: the registry's BACKWARD check failed (${(e as Error).message})`,
        );
      }
      throw e;
    }
  }

  encode(schemaId: number, event: TaskEvent): Promise<Buffer> {
    return this.registry.encode(schemaId, event);
  }

  async decode(value: Buffer): Promise<TaskEvent> {
    return (await this.registry.decode(value, { [SchemaType.AVRO]: { readerSchema } })) as TaskEvent;
  }
}

export function registerSchema(registry: SchemaRegistry, subject: string, schema: Schema): Promise<number> {
  return new TaskEventCodec(registry).idFor(subject, schema);
}

export async function publishTaskEvent(
  kafka: Kafka,
  registry: SchemaRegistry,
  topic: string,
  schemaId: number,
  event: TaskEvent,
): Promise<void> {
  const value = await new TaskEventCodec(registry).encode(schemaId, event);
  const producer = kafka.producer();
  await producer.connect();
  await producer
    .send({ topic, acks: -1, messages: [{ key: event.taskId, value }] })
    .finally(() => producer.disconnect());
}

export async function readTaskEvents(
  kafka: Kafka,
  registry: SchemaRegistry,
  topic: string,
  groupId: string,
  count: number,
): Promise<TaskEvent[]> {
  const codec = new TaskEventCodec(registry);
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    return await new Promise<TaskEvent[]>((resolve, reject) => {
      const events: TaskEvent[] = [];
      consumer
        .run({
          eachMessage: async ({ message }) => {
            if (message.value === null) return;
            events.push(await codec.decode(message.value));
            if (events.length === count) resolve(events.slice());
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}
