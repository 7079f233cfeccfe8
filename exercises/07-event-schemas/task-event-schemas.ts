import type { Schema } from "avsc";

/** Milliseconds since the epoch, UTC: Avro's logical timestamp type on a long. */
const timestamp = { type: "long", logicalType: "timestamp-millis" } as const;

/** Version 1 of the task event, as it is in production today: given, do not change it. */
export const taskEventV1: Schema = {
  type: "record",
  name: "TaskEvent",
  namespace: "ai.tasks",
  fields: [
    { name: "eventId", type: "string" },
    { name: "taskId", type: "string" },
    { name: "type", type: { type: "enum", name: "TaskEventType", symbols: ["CREATED", "UPDATED", "COMPLETED"] } },
    { name: "title", type: "string" },
    { name: "occurredAt", type: timestamp },
  ],
};

/**
 * Version 2: version 1 plus an optional due date `dueDate` (a timestamp-millis, absent for tasks
 * without one). Old data must stay readable with v2 (backward compatible) and v2 data with v1
 * (forward compatible). Return the schema as an object like taskEventV1.
 */
export function taskEventV2(): Schema {
  throw new Error("TODO: write version 2 of the task event schema (lesson 7, section 'Evolving the task event')");
}
