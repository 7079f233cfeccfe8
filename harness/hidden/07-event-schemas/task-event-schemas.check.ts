import avro, { type Schema } from "avsc";
import { describe, test } from "vitest";
import { taskEventV1, taskEventV2 } from "@exercise/07-event-schemas/task-event-schemas.js";
import { teach } from "../../testkit/teach.js";

const SEE = "lesson 7, section “Evolving the task event”";
const SEE_RULES = "lesson 7, section “Which changes break which readers”";
const now = Date.UTC(2026, 0, 15, 9, 30);

interface Field {
  readonly name: string;
  readonly type: unknown;
  readonly default?: unknown;
}

function v2Schema(): Schema {
  try {
    return taskEventV2();
  } catch (e) {
    teach(false, {
      expected: "taskEventV2() to return the v2 schema",
      actual: `it threw: ${(e as Error).message}`,
      see: SEE,
    });
  }
}

function v2Type(): avro.Type {
  try {
    return avro.Type.forSchema(v2Schema());
  } catch (e) {
    teach(false, {
      expected: "v2 to be a valid Avro schema",
      actual: `avsc rejected it: ${(e as Error).message}`,
      see: SEE,
    });
  }
}

/** The fields as written (avsc's Type.schema() drops defaults and logical types). */
function fieldsOf(schema: Schema): Field[] {
  return (schema as { fields?: Field[] }).fields ?? [];
}

function v1Records(): Record<string, unknown>[] {
  return ["CREATED", "UPDATED", "COMPLETED"].map((type, i) => ({
    eventId: `e-${i}`,
    taskId: "task-1",
    type,
    title: "Summarise the call",
    occurredAt: now + i,
  }));
}

/** Why `reader` cannot read what `writer` wrote, in the lesson's words. */
function explain(reader: Schema, writer: Schema, e: Error): string {
  const readerFields = fieldsOf(reader);
  const writerNames = new Set(fieldsOf(writer).map((f) => f.name));
  const added = readerFields.filter((f) => !writerNames.has(f.name) && !("default" in f)).map((f) => f.name);
  const reasons = [`avsc: ${e.message}`];
  if (added.length > 0) {
    reasons.push(
      `the reader has field(s) ${added.join(", ")} the writer never wrote, with no default: a new field without a default (or a renamed field without an alias) breaks reading older data`,
    );
  }
  if (/TaskEventType/.test(e.message)) {
    reasons.push(
      "the reader's enum lacks a symbol the writer uses: a removed enum symbol breaks reading data that has it",
    );
  }
  return reasons.join("; ");
}

/** A resolver for reading `writer` data with `reader`; it only works with these two Type instances. */
function resolve(
  reader: { type: avro.Type; schema: Schema },
  writer: { type: avro.Type; schema: Schema },
  direction: string,
  see: string,
): avro.Resolver {
  try {
    return reader.type.createResolver(writer.type);
  } catch (e) {
    teach(false, {
      expected: direction,
      actual: explain(reader.schema, writer.schema, e as Error),
      see,
    });
  }
}

describe("Evolving the task event", () => {
  test("v2 is the same record (ai.tasks.TaskEvent) with an optional dueDate: a union with null first and default null", () => {
    const type = v2Type();
    teach(type.name === "ai.tasks.TaskEvent", {
      expected: "v2 to keep the record's full name ai.tasks.TaskEvent (readers match records by name)",
      actual: `its name is ${type.name ?? "missing"}`,
      see: SEE,
    });
    const fields = fieldsOf(v2Schema());
    const due = fields.find((f) => f.name === "dueDate");
    teach(due !== undefined, {
      expected: "a field named dueDate",
      actual: `fields: ${fields.map((f) => f.name).join(", ")}`,
      see: SEE,
    });
    const branches = Array.isArray(due.type) ? (due.type as unknown[]) : [];
    const ts = branches[1] as { type?: string; logicalType?: string } | undefined;
    teach(branches[0] === "null" && ts?.type === "long" && ts.logicalType === "timestamp-millis", {
      expected: 'dueDate of type ["null", { type: "long", logicalType: "timestamp-millis" }]: optional, a timestamp',
      actual: `its type is ${JSON.stringify(due.type)}`,
      see: SEE,
    });
    teach(due.default === null, {
      expected: "dueDate to declare default: null, which a v2 reader fills in for v1 data",
      actual: "default" in due ? `its default is ${JSON.stringify(due.default)}` : "dueDate has no default",
      see: SEE,
    });
  });

  test("backward: data written with v1 reads with the v2 reader (dueDate comes back null)", () => {
    const v1 = avro.Type.forSchema(taskEventV1);
    const v2 = v2Type();
    const resolver = resolve(
      { type: v2, schema: v2Schema() },
      { type: v1, schema: taskEventV1 },
      "v1 data to be readable with the v2 schema (backward compatible)",
      SEE_RULES,
    );
    for (const record of v1Records()) {
      let read: Record<string, unknown>;
      try {
        read = v2.fromBuffer(v1.toBuffer(record), resolver) as Record<string, unknown>;
      } catch (e) {
        teach(false, {
          expected: "every v1 record to decode with the v2 reader",
          actual: explain(v2Schema(), taskEventV1, e as Error),
          see: SEE_RULES,
        });
      }
      teach(read.dueDate === null && read.title === record.title && read.type === record.type, {
        expected: `${JSON.stringify(record)} read back unchanged, with dueDate null`,
        actual: JSON.stringify(read),
        see: SEE_RULES,
      });
    }
  });

  test("forward: data written with v2 reads with the v1 reader (which ignores dueDate)", () => {
    const v1 = avro.Type.forSchema(taskEventV1);
    const v2 = v2Type();
    const resolver = resolve(
      { type: v1, schema: taskEventV1 },
      { type: v2, schema: v2Schema() },
      "v2 data to be readable with the v1 schema (forward compatible)",
      SEE_RULES,
    );
    const records: Record<string, unknown>[] = v1Records().map((r, i) => ({
      ...r,
      dueDate: i === 0 ? null : now + 86_400_000,
    }));
    for (const record of records) {
      let written: Buffer;
      try {
        written = v2.toBuffer(record);
      } catch (e) {
        teach(false, {
          expected: `v2 to accept ${JSON.stringify(record)}`,
          actual: `avsc: ${(e as Error).message}`,
          see: SEE,
        });
      }
      const read = v1.fromBuffer(written, resolver) as Record<string, unknown>;
      teach(read.title === record.title && read.type === record.type && !("dueDate" in read), {
        expected: "the v1 reader to get the v1 fields and skip dueDate",
        actual: JSON.stringify(read),
        see: SEE_RULES,
      });
    }
  });
});
