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

/** The registry wire format: magic byte 0, the schema id as a 4-byte big-endian int, then the Avro body. */
const MAGIC = 0;
const HEADER_BYTES = 5;

/** Registers under BACKWARD; a 409 from the registry (its compatibility check said no) becomes a SchemaRejectedError. */
export async function registerSchema(registry: SchemaRegistry, subject: string, schema: Schema): Promise<number> {
  const registered = registry
    .register(
      { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
      { subject, compatibility: COMPATIBILITY.BACKWARD },
    )
    .then((r) => r.id);
  return registered.catch((e: unknown) => {
    const status = (e as { status?: unknown }).status;
    if (status !== 409) throw e;
    throw new SchemaRejectedError(
      subject,
      `incompatible with the versions already registered (BACKWARD): ${String(e)}`,
    );
  });
}

/** Frames the Avro body by hand: the registry only supplies the writer's schema for the id. */
export async function publishTaskEvent(
  kafka: Kafka,
  registry: SchemaRegistry,
  topic: string,
  schemaId: number,
  event: TaskEvent,
): Promise<void> {
  const writer = await registry.getSchema(schemaId);
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt8(MAGIC, 0);
  header.writeInt32BE(schemaId, 1);
  const value = Buffer.concat([header, writer.toBuffer(event)]);
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  try {
    await producer.sendBatch({ topicMessages: [{ topic, messages: [{ key: event.taskId, value }] }] });
  } finally {
    await producer.disconnect();
  }
}

/** Reads the header itself, asks the registry for that id's schema, and decodes the rest with it. */
async function decodeFramed(registry: SchemaRegistry, value: Buffer): Promise<TaskEvent> {
  if (value.length < HEADER_BYTES || value.readUInt8(0) !== MAGIC) {
    throw new Error(
      `not the registry wire format: starts with bytes ${[...value.subarray(0, HEADER_BYTES)].join(" ")}`,
    );
  }
  const writer = await registry.getSchema(value.readInt32BE(1));
  return writer.fromBuffer(value.subarray(HEADER_BYTES)) as TaskEvent;
}

/** Consumes batch by batch until `count` records are decoded. */
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
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
            for (const message of batch.messages) {
              if (message.value) events.push(await decodeFramed(registry, message.value));
              resolveOffset(message.offset);
              await heartbeat();
              if (events.length >= count) return resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return events;
}
