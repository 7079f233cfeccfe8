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
 * Version 2: version 1 plus an optional due date. Old data must stay readable with v2 (backward)
 * and v2 data with v1 (forward): so the new field is a union with null first and a null default,
 * and nothing else changes.
 */
export function taskEventV2(): Schema {
  return {
    type: "record",
    name: "TaskEvent",
    namespace: "ai.tasks",
    doc: "A change to a task. v2 adds dueDate.",
    fields: [
      { name: "eventId", type: "string", doc: "Unique per event: consumers deduplicate on it." },
      { name: "taskId", type: "string", doc: "The partition key." },
      {
        name: "type",
        type: {
          type: "enum",
          name: "TaskEventType",
          doc: "What happened to the task.",
          symbols: ["CREATED", "UPDATED", "COMPLETED"],
        },
      },
      { name: "title", type: "string", doc: "What the task asks for." },
      { name: "occurredAt", type: timestamp },
      { name: "dueDate", type: ["null", timestamp], default: null, doc: "When the task is due, if it is." },
    ],
  };
}
