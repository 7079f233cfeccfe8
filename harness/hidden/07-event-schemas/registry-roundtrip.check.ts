import { SchemaRegistry } from "@kafkajs/confluent-schema-registry";
import avro, { type Schema } from "avsc";
import type { Kafka } from "kafkajs";
import { beforeAll, describe, test } from "vitest";
import {
  publishTaskEvent,
  readTaskEvents,
  registerSchema,
  type TaskEvent,
} from "@exercise/07-event-schemas/registry-roundtrip.js";
import { registryForChecks } from "../../testkit/services.js";
import { createTopic, testKafka, uniqueName, within } from "../../testkit/kafka.js";
import { countingKafka } from "../../testkit/counting-kafka.js";
import { teachClientsClosed, teachGroupLeft } from "../../testkit/leftovers.js";
import { teach } from "../../testkit/teach.js";

const SEE = "lesson 7, section “Through the registry”";
const SEE_WIRE = "lesson 7, section “The wire format”";
const ts = { type: "long", logicalType: "timestamp-millis" };
const enumType = { type: "enum", name: "TaskEventType", symbols: ["CREATED", "UPDATED", "COMPLETED"] };
const v1Record = {
  type: "record",
  name: "TaskEvent",
  namespace: "ai.tasks",
  fields: [
    { name: "eventId", type: "string" },
    { name: "taskId", type: "string" },
    { name: "type", type: enumType },
    { name: "title", type: "string" },
    { name: "occurredAt", type: ts },
  ],
};
const v2Record = { ...v1Record, fields: [...v1Record.fields, { name: "dueDate", type: ["null", ts], default: null }] };
const v1 = v1Record as Schema;
const v2 = v2Record as Schema;
/** Incompatible under BACKWARD: v3 readers cannot read v2 data, which has no assignee. */
const v3Record = { ...v2Record, fields: [...v2Record.fields, { name: "assignee", type: "string" }] };
const v3 = v3Record as Schema;

const event: TaskEvent = {
  eventId: "e-1",
  taskId: "task-7",
  type: "CREATED",
  title: "Summarise the call",
  occurredAt: Date.UTC(2026, 0, 15, 9, 30),
  dueDate: Date.UTC(2026, 0, 20),
};

let registryUrl = "";
beforeAll(async () => {
  registryUrl = (await registryForChecks()).url;
}, 240_000);

const registry = (): SchemaRegistry => new SchemaRegistry({ host: registryUrl });

async function getJson(path: string): Promise<unknown> {
  const res = await fetch(`${registryUrl}${path}`);
  return res.ok ? res.json() : { status: res.status };
}

async function rawValues(kafka: Kafka, topic: string, count: number): Promise<{ key: string; value: Buffer }[]> {
  const consumer = kafka.consumer({ groupId: uniqueName("raw-reader"), maxWaitTimeInMs: 100 });
  const seen: { key: string; value: Buffer }[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 10_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          seen.push({ key: message.key?.toString() ?? "", value: message.value ?? Buffer.alloc(0) });
          if (seen.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

async function registerBoth(subject: string): Promise<[number, number]> {
  const id1 = await within(20_000, "registerSchema(v1)", registerSchema(registry(), subject, v1));
  const id2 = await within(20_000, "registerSchema(v2)", registerSchema(registry(), subject, v2));
  return [id1, id2];
}

describe("Through the registry", () => {
  test("registerSchema registers v1 then v2 under one subject, with BACKWARD compatibility", async () => {
    const subject = `${uniqueName("tasks")}-value`;
    const [id1, id2] = await registerBoth(subject);
    teach(Number.isInteger(id1) && Number.isInteger(id2) && id1 !== id2, {
      expected: "two different schema ids, one per version",
      actual: `ids ${id1} and ${id2}`,
      see: SEE,
    });
    const versions = await getJson(`/subjects/${subject}/versions`);
    teach(JSON.stringify(versions) === "[1,2]", {
      expected: `subject ${subject} with versions [1,2]`,
      actual: JSON.stringify(versions),
      see: SEE,
    });
    const config = (await getJson(`/config/${subject}`)) as { compatibilityLevel?: string };
    teach(config.compatibilityLevel === "BACKWARD", {
      expected: `subject ${subject} set to BACKWARD compatibility`,
      actual: `its compatibility is ${config.compatibilityLevel ?? JSON.stringify(config)}`,
      see: SEE,
    });
  });

  test("publishTaskEvent writes the registry wire format: magic byte 0, the schema id, then Avro", async () => {
    const kafka = testKafka();
    const topic = uniqueName("tasks-wire");
    await createTopic(kafka, topic, 1);
    const [, id2] = await registerBoth(`${topic}-value`);
    const learner = countingKafka(uniqueName("registry-publisher"));
    await within(20_000, "publishTaskEvent", publishTaskEvent(learner.kafka, registry(), topic, id2, event));
    await teachClientsClosed(learner, "publishTaskEvent", SEE);
    const [record] = await rawValues(kafka, topic, 1);
    teach(record !== undefined, { expected: "one record in the topic", actual: "none", see: SEE });
    teach(record.key === event.taskId, {
      expected: `key ${event.taskId}`,
      actual: `key ${JSON.stringify(record.key)}`,
      see: SEE,
    });
    const v = record.value;
    teach(v.length > 5 && v[0] === 0 && v.readInt32BE(1) === id2, {
      expected: `the value to start with byte 0 and the 4-byte schema id ${id2} (registry.encode does this)`,
      actual: `it starts with ${JSON.stringify(v.subarray(0, 8).toString())} (bytes ${[...v.subarray(0, 5)].join(" ")}): not the registry wire format`,
      see: SEE_WIRE,
    });
    const decoded = avro.Type.forSchema(v2).fromBuffer(v.subarray(5)) as TaskEvent;
    teach(decoded.title === event.title && decoded.dueDate === event.dueDate, {
      expected: `the Avro body to be ${JSON.stringify(event)}`,
      actual: JSON.stringify(decoded),
      see: SEE_WIRE,
    });
  });

  test("readTaskEvents decodes records written with v1 and with v2", async () => {
    const kafka = testKafka();
    const topic = uniqueName("tasks-read");
    await createTopic(kafka, topic, 1);
    const [id1, id2] = await registerBoth(`${topic}-value`);
    const reg = registry();
    const old = { eventId: "e-0", taskId: "task-7", type: "CREATED", title: "Old", occurredAt: event.occurredAt };
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: "task-7", value: await reg.encode(id1, old) },
        { key: "task-7", value: await reg.encode(id2, { ...event, type: "UPDATED" }) },
      ],
    });
    await producer.disconnect();
    const learner = countingKafka(uniqueName("registry-reader"));
    const groupId = uniqueName("tasks-group");
    const got = await within(20_000, "readTaskEvents", readTaskEvents(learner.kafka, registry(), topic, groupId, 2));
    teach(got.length === 2 && got[0]?.title === "Old" && got[1]?.dueDate === event.dueDate, {
      expected: "both records decoded: the v1 one (title Old) and the v2 one (with its dueDate)",
      actual: JSON.stringify(got),
      see: SEE,
    });
    await teachGroupLeft(kafka, groupId, "readTaskEvents", SEE);
    await teachClientsClosed(learner, "readTaskEvents", SEE);
  });

  test("an incompatible v3 is rejected by the registry under BACKWARD, and registerSchema says so", async () => {
    const subject = `${uniqueName("tasks")}-value`;
    await registerBoth(subject);
    let outcome: string;
    try {
      const id = await within(20_000, "registerSchema(v3)", registerSchema(registry(), subject, v3));
      outcome = `resolved with id ${id}: the rejection was swallowed, and a producer would go on as if v3 were registered`;
    } catch (e) {
      const message = (e as Error).message;
      teach(message.includes(subject) && /incompatible/i.test(message), {
        expected: `an error naming the subject ${subject} and saying the schema is incompatible`,
        actual: `it threw: ${message}`,
        see: SEE,
      });
      outcome = "rejected";
    }
    teach(outcome === "rejected", {
      expected: `registerSchema(v3) to reject: v3 adds a required field, so v3 readers cannot read v2 data`,
      actual: outcome,
      see: SEE,
    });
    const versions = await getJson(`/subjects/${subject}/versions`);
    teach(JSON.stringify(versions) === "[1,2]", {
      expected: "the registry to still hold versions [1,2] only",
      actual: JSON.stringify(versions),
      see: SEE,
    });
  });
});
