import { describe, test } from "vitest";
import {
  createTaskEventPublisher,
  type Placement,
  type TaskEvent,
} from "@exercise/02-topics-partitions/keyed-publishing.js";
import { createTopic, readTopic, testKafka, uniqueName, within } from "../../testkit/kafka.js";
import { countingKafka } from "../../testkit/counting-kafka.js";
import { teachClientsClosed } from "../../testkit/leftovers.js";
import { teach } from "../../testkit/teach.js";
import { defaultPartition } from "./default-partition.js";

const SEE = "lesson 2, section “Keys and the default partitioner”";
const PARTITIONS = 6;
const TYPES = ["task.created", "task.assigned", "task.updated", "task.completed"] as const;

/** Events of many tasks interleaved, as a busy task API produces them: round-robin over the tasks. */
function interleaved(tasks: number): TaskEvent[] {
  const ids = Array.from({ length: tasks }, (_, i) => `task-${uniqueName(String(i))}`);
  return TYPES.flatMap((type, step) => ids.map((taskId) => ({ taskId, type, seq: step + 1 })));
}

describe("Keys and the default partitioner", () => {
  test(
    "each task's events land in the partition Kafka's default partitioner picks for its id, in order",
    { timeout: 60_000 },
    async () => {
      const kafka = testKafka();
      const topic = uniqueName("task-keyed");
      await createTopic(kafka, topic, PARTITIONS);
      const events = interleaved(24);
      const placements: Placement[] = [];
      const learner = countingKafka(uniqueName("keyed-publisher"));
      const publisher = await within(
        15_000,
        "createTaskEventPublisher",
        createTaskEventPublisher(learner.kafka, topic),
      );
      try {
        for (const e of events) placements.push(await within(10_000, "publish", publisher.publish(e)));
      } finally {
        await within(10_000, "close", publisher.close()).catch(() => {});
      }
      teach(learner.counts.producerConnects <= 1, {
        expected: "one producer for the publisher's whole life, connected once in createTaskEventPublisher",
        actual: `${learner.counts.producerConnects} producer connections for ${events.length} events: a producer per publish pays a connection and a metadata round trip every time`,
        see: SEE,
      });
      await teachClientsClosed(learner, "close()", SEE);

      const records = await readTopic(kafka, topic, events.length, { timeoutMs: 10_000 });
      teach(records.length === events.length, {
        expected: `${events.length} records, one per published event`,
        actual: `${records.length} record(s)`,
        see: SEE,
      });
      const unkeyed = records.filter((r) => r.key === null).length;
      teach(unkeyed === 0, {
        expected: "every record keyed by its taskId",
        actual: `${unkeyed} of ${records.length} records have no key: the producer spread them over the partitions, so a task's events can be read out of order`,
        see: SEE,
      });
      const parsed = records.map((r) => ({ r, e: JSON.parse(r.value ?? "{}") as Partial<TaskEvent> }));
      for (const { r, e } of parsed) {
        teach(r.key === e.taskId, {
          expected: "the key to be the event's taskId",
          actual: `an event of ${e.taskId} has key ${JSON.stringify(r.key)}`,
          see: SEE,
        });
        const want = defaultPartition(r.key ?? "", PARTITIONS);
        teach(r.partition === want, {
          expected: `key ${r.key} in partition ${want}: murmur2(key) mod ${PARTITIONS}, the partition Kafka's default partitioner picks (the Java client agrees)`,
          actual: `it is in partition ${r.partition}; the producer does not use the default partitioner`,
          see: SEE,
        });
      }
      const byTask = new Map<string, number[]>();
      for (const { e } of [...parsed].sort(
        (a, b) => a.r.partition - b.r.partition || Number(a.r.offset) - Number(b.r.offset),
      )) {
        byTask.set(e.taskId ?? "", [...(byTask.get(e.taskId ?? "") ?? []), e.seq ?? 0]);
      }
      for (const [taskId, seqs] of byTask) {
        teach(seqs.join(",") === "1,2,3,4", {
          expected: `the events of ${taskId} stored in the order they were published (seq 1,2,3,4)`,
          actual: `seq ${seqs.join(",")}`,
          see: SEE,
        });
      }
      events.forEach((e, i) => {
        const where = parsed.find((p) => p.e.taskId === e.taskId && p.e.seq === e.seq)?.r;
        const said = placements[i];
        teach(where !== undefined && said?.partition === where.partition && said.offset === where.offset, {
          expected: `publish to return where the broker stored ${e.taskId} #${e.seq}: partition ${where?.partition}, offset ${where?.offset}`,
          actual: `it returned ${JSON.stringify(said)}`,
          see: SEE,
        });
      });
    },
  );
});
