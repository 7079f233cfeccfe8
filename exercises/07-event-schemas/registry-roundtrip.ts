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
 * Register `schema` (Avro) under `subject` with BACKWARD compatibility and return its id.
 * An incompatible schema is rejected by the registry: throw a SchemaRejectedError then.
 */
export async function registerSchema(registry: SchemaRegistry, subject: string, schema: Schema): Promise<number> {
  void registry;
  void subject;
  void schema;
  void COMPATIBILITY;
  void SchemaType;
  throw new Error("TODO: register the schema (lesson 7, section 'Through the registry')");
}

/** Encode the event with schema `schemaId` (registry wire format) and send it keyed by taskId. */
export async function publishTaskEvent(
  kafka: Kafka,
  registry: SchemaRegistry,
  topic: string,
  schemaId: number,
  event: TaskEvent,
): Promise<void> {
  void kafka;
  void registry;
  void topic;
  void schemaId;
  void event;
  throw new Error("TODO: encode and publish (lesson 7, section 'Through the registry')");
}

/** Read `count` records from the start of `topic` as group `groupId` and decode each with the registry. */
export async function readTaskEvents(
  kafka: Kafka,
  registry: SchemaRegistry,
  topic: string,
  groupId: string,
  count: number,
): Promise<TaskEvent[]> {
  void kafka;
  void registry;
  void topic;
  void groupId;
  void count;
  throw new Error("TODO: consume and decode (lesson 7, section 'Through the registry')");
}
