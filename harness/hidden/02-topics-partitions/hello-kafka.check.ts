import { describe, expect, test } from "vitest";
import {
  ensureTopic,
  publishTaskEvents,
  readTaskEvents,
  type TaskEvent,
} from "@exercise/02-topics-partitions/hello-kafka.js";
import { createTopic, readTopic, testKafka, uniqueName, withAdmin, within } from "../../testkit/kafka.js";
import { teach } from "../../testkit/teach.js";

const SEE = "lesson 2, section “Hello, Kafka”";

function events(): TaskEvent[] {
  return [
    { taskId: "task-1", type: "task.created", title: "Summarise the call" },
    { taskId: "task-2", type: "task.created", title: "Draft the reply" },
    { taskId: "task-1", type: "task.updated", title: "Summarise the call (short)" },
    { taskId: "task-3", type: "task.created", title: "Label the ticket" },
    { taskId: "task-2", type: "task.completed", title: "Draft the reply" },
    { taskId: "task-1", type: "task.completed", title: "Summarise the call (short)" },
  ];
}

describe("Hello, Kafka", () => {
  test("ensureTopic creates the topic with the partitions asked for, and a second call is fine", async () => {
    const kafka = testKafka();
    const topic = uniqueName("hello-topic");
    await within(15_000, "ensureTopic", ensureTopic(kafka, topic, 3));
    const partitions = await withAdmin(kafka, async (admin) => {
      const meta = await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => ({ topics: [] }));
      return meta.topics[0]?.partitions.length ?? 0;
    });
    teach(partitions === 3, {
      expected: `topic ${topic} with 3 partitions`,
      actual: partitions === 0 ? "the topic does not exist" : `it has ${partitions} partition(s)`,
      see: SEE,
    });
    await within(15_000, "a second ensureTopic on the same topic", ensureTopic(kafka, topic, 3)).catch((e: Error) => {
      teach(false, {
        expected: "calling ensureTopic again to be harmless",
        actual: `it threw: ${e.message}`,
        see: SEE,
      });
    });
  });

  test("publishTaskEvents writes one JSON record per event, keyed by its taskId", async () => {
    const kafka = testKafka();
    const topic = uniqueName("hello-publish");
    await createTopic(kafka, topic, 3);
    const sent = events();
    await within(15_000, "publishTaskEvents", publishTaskEvents(kafka, topic, sent));
    const records = await readTopic(kafka, topic, sent.length);
    teach(records.length === sent.length, {
      expected: `${sent.length} records in the topic, one per event`,
      actual: `${records.length} record(s)`,
      see: SEE,
    });
    const unkeyed = records.filter((r) => r.key === null);
    teach(unkeyed.length === 0, {
      expected: "every record keyed by its taskId, so all events of one task share a partition and stay in order",
      actual: `${unkeyed.length} of ${records.length} records have no key; Kafka spreads them over partitions and a task's events can be read out of order`,
      see: SEE,
    });
    for (const r of records) {
      let value: TaskEvent | undefined;
      try {
        value = JSON.parse(r.value ?? "") as TaskEvent;
      } catch {
        teach(false, {
          expected: "each value to be JSON.stringify(event)",
          actual: `a value was: ${r.value}`,
          see: SEE,
        });
      }
      teach(r.key === value?.taskId, {
        expected: "each record keyed by its taskId",
        actual: `a record for ${value?.taskId} has key ${JSON.stringify(r.key)}`,
        see: SEE,
      });
    }
    for (const taskId of ["task-1", "task-2", "task-3"]) {
      const ofTask = records.filter((r) => r.key === taskId);
      const partitions = new Set(ofTask.map((r) => r.partition));
      expect(partitions.size, `all events of ${taskId} in one partition`).toBe(1);
      const types = ofTask.map((r) => (JSON.parse(r.value ?? "{}") as TaskEvent).type);
      expect(types, `events of ${taskId} in the order they were published`).toEqual(
        sent.filter((e) => e.taskId === taskId).map((e) => e.type),
      );
    }
  });

  test("readTaskEvents reads the events back as a consumer group and commits its position", async () => {
    const kafka = testKafka();
    const topic = uniqueName("hello-read");
    const groupId = uniqueName("hello-group");
    await createTopic(kafka, topic, 1);
    const sent = events();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: sent.map((e) => ({ key: e.taskId, value: JSON.stringify(e) })) });
    await producer.disconnect();

    const got = await within(20_000, "readTaskEvents", readTaskEvents(kafka, topic, groupId, sent.length));
    teach(Array.isArray(got) && got.length === sent.length, {
      expected: `${sent.length} events back, parsed from JSON`,
      actual: `${Array.isArray(got) ? got.length : typeof got} event(s)`,
      see: SEE,
    });
    expect(got, "the events in the order they were written (one partition)").toEqual(sent);

    const committed = await withAdmin(kafka, (admin) => admin.fetchOffsets({ groupId, topics: [topic] }));
    const offset = Number(committed[0]?.partitions[0]?.offset ?? -1);
    teach(offset === sent.length, {
      expected: `group ${groupId} to have committed offset ${sent.length} (the next record to read) after reading`,
      actual:
        offset < 0 ? "the group committed nothing (was the consumer disconnected?)" : `committed offset ${offset}`,
      see: SEE,
    });
  });
});
