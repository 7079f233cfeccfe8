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
 * Version 2 as an .avsc document, the form a schema has in a repository and in the registry. Full
 * names instead of a namespace: ai.tasks.TaskEvent and ai.tasks.TaskEventType are the same names
 * v1 has, which is what lets readers of either version match the record and the enum.
 */
const taskEventV2Document = `{
  "type": "record",
  "name": "ai.tasks.TaskEvent",
  "fields": [
    { "name": "eventId", "type": "string" },
    { "name": "taskId", "type": "string" },
    {
      "name": "type",
      "type": { "type": "enum", "name": "ai.tasks.TaskEventType", "symbols": ["CREATED", "UPDATED", "COMPLETED"] }
    },
    { "name": "title", "type": "string" },
    { "name": "occurredAt", "type": { "type": "long", "logicalType": "timestamp-millis" } },
    {
      "name": "dueDate",
      "type": ["null", { "type": "long", "logicalType": "timestamp-millis" }],
      "default": null
    }
  ]
}`;

/** Parsed fresh on every call, so a caller that edits the result cannot change the next one. */
export function taskEventV2(): Schema {
  return JSON.parse(taskEventV2Document) as Schema;
}
