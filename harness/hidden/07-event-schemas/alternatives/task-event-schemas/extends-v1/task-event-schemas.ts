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

/** Narrows the given v1 (typed as any Schema) to the record it is. */
interface RecordSchema {
  readonly type: "record";
  readonly name: string;
  readonly namespace?: string;
  readonly fields: readonly object[];
}

/**
 * Version 2 is v1 with one more field, so it is built from v1 rather than copied: every v1 field
 * stays exactly as it is, and the new one is optional (null first, default null), which keeps
 * v1 data readable with v2 and v2 data readable with v1.
 */
export function taskEventV2(): Schema {
  const v1 = taskEventV1 as RecordSchema;
  const dueDate = { name: "dueDate", type: ["null", timestamp], default: null };
  return { ...v1, fields: [...v1.fields, dueDate] } as Schema;
}
