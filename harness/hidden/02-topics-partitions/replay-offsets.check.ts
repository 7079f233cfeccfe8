import type { Kafka } from "kafkajs";
import { describe, test } from "vitest";
import { readBatch, rewindGroup, rewindGroupTo, type SeenEvent } from "@exercise/02-topics-partitions/replay.js";
import { createTopic, testKafka, uniqueName, withAdmin, within } from "../../testkit/kafka.js";
import { countingKafka } from "../../testkit/counting-kafka.js";
import { teachClientsClosed, teachGroupLeft } from "../../testkit/leftovers.js";
import { teach } from "../../testkit/teach.js";

const SEE = "lesson 2, section “Offsets and replay”";
const PARTITIONS = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function produce(kafka: Kafka, topic: string, values: readonly string[]): Promise<void> {
  // Idempotent: a retried send under load must not store the test data twice.
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  try {
    await producer.send({ topic, messages: values.map((value, i) => ({ key: `task-${i % 5}`, value })) });
  } finally {
    await producer.disconnect();
  }
}

const events = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `event-${from + i}`);
const sorted = (xs: readonly string[]) => [...xs].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
const describeValues = (seen: readonly SeenEvent[]) => sorted(seen.map((s) => s.value)).join(", ") || "nothing";

/** readBatch with a bound: a read that waits for events that never come is the failure to explain. */
async function read(kafka: Kafka, topic: string, groupId: string, count: number, why: string): Promise<SeenEvent[]> {
  const learner = countingKafka(uniqueName("replay-reader"));
  try {
    const seen = await within(10_000, "readBatch", readBatch(learner.kafka, topic, groupId, count));
    await teachGroupLeft(kafka, groupId, "readBatch", SEE);
    await teachClientsClosed(learner, "readBatch", SEE);
    return seen;
  } catch (e) {
    if (!/did not finish within/.test((e as Error).message)) throw e;
    teach(false, {
      expected: why,
      actual: `readBatch(${count}) was still waiting for events after 10 s (a new group without fromBeginning: true starts at the end of the log; a group that committed past events it never returned skips them)`,
      see: SEE,
    });
  }
}

async function committed(kafka: Kafka, topic: string, groupId: string): Promise<Map<number, string>> {
  const [t] = await withAdmin(kafka, (admin) => admin.fetchOffsets({ groupId, topics: [topic] }));
  return new Map((t?.partitions ?? []).map((p) => [p.partition, p.offset]));
}

const total = (offsets: Map<number, string>) =>
  [...offsets.values()].reduce((sum, o) => sum + Math.max(0, Number(o)), 0);

// Each test has its own topic and group: they run side by side.
describe.concurrent("Offsets and replay", () => {
  test("a new group reads the whole history from the beginning", { timeout: 40_000 }, async () => {
    const kafka = testKafka();
    const topic = uniqueName("replay-history");
    await createTopic(kafka, topic, PARTITIONS);
    await produce(kafka, topic, events(1, 10));
    const seen = await read(
      kafka,
      topic,
      uniqueName("new-group"),
      10,
      "a brand-new group to read the 10 events already in the topic: with no committed offset, fromBeginning: true starts it at the oldest event",
    );
    teach(describeValues(seen) === sorted(events(1, 10)).join(", "), {
      expected: `the 10 historical events, each once: ${sorted(events(1, 10)).join(", ")}`,
      actual: describeValues(seen),
      see: SEE,
    });
  });

  test(
    "an existing group resumes from its committed offset, and rewinding it to earliest replays everything",
    { timeout: 60_000 },
    async () => {
      const kafka = testKafka();
      const topic = uniqueName("replay-resume");
      const groupId = uniqueName("summariser");
      await createTopic(kafka, topic, PARTITIONS);
      await produce(kafka, topic, events(1, 10));

      const first = await read(kafka, topic, groupId, 4, "readBatch to return the first 4 events of a new group");
      const afterFirst = total(await committed(kafka, topic, groupId));
      teach(afterFirst === 4, {
        expected:
          "the group to have committed exactly the 4 events readBatch returned (the sum of its committed offsets is 4)",
        actual:
          afterFirst > 4
            ? `its committed offsets add up to ${afterFirst}: events it never returned are marked as read and the next read skips them`
            : `its committed offsets add up to ${afterFirst}: group ${groupId} did not commit what it returned (was it the groupId readBatch was given?)`,
        see: SEE,
      });
      const second = await read(
        kafka,
        topic,
        groupId,
        6,
        "the same group to continue with the 6 events it had not read",
      );
      const again = second.filter((s) => first.some((f) => f.value === s.value));
      teach(again.length === 0, {
        expected: `the same group to resume after its committed offset: 6 new events, none of ${describeValues(first)}`,
        actual: `it read ${describeValues(again)} again: it did not continue from the group's committed offset (was it the same groupId?)`,
        see: SEE,
      });
      teach(describeValues([...first, ...second]) === sorted(events(1, 10)).join(", "), {
        expected: "the two reads together to cover all 10 events once",
        actual: describeValues([...first, ...second]),
        see: SEE,
      });
      await produce(kafka, topic, events(11, 13));
      const third = await read(kafka, topic, groupId, 3, "the group to read the 3 events written after its last read");
      teach(describeValues(third) === "event-11, event-12, event-13", {
        expected: "only the 3 new events: event-11, event-12, event-13",
        actual: describeValues(third),
        see: SEE,
      });

      const rewinder = countingKafka(uniqueName("replay-rewind"));
      await within(20_000, "rewindGroup", rewindGroup(rewinder.kafka, topic, groupId));
      await teachClientsClosed(rewinder, "rewindGroup", SEE);
      const low = await withAdmin(kafka, (admin) => admin.fetchTopicOffsets(topic));
      const now = await committed(kafka, topic, groupId);
      // -2 is kafkajs's marker for "earliest" (what admin.resetOffsets({ earliest: true }) commits): accepted.
      const wrong = low.filter((p) => now.get(p.partition) !== p.low && now.get(p.partition) !== "-2");
      teach(wrong.length === 0, {
        expected: `after rewindGroup, the group's committed offsets at the earliest retained offsets (${low.map((p) => `p${p.partition}:${p.low}`).join(" ")})`,
        actual: `they are ${[...now].map(([p, o]) => `p${p}:${o}`).join(" ")} (the log ends at ${low.map((p) => `p${p.partition}:${p.high}`).join(" ")}; -1 is kafkajs's marker for latest): the group was not moved to earliest`,
        see: SEE,
      });
      const replay = await read(kafka, topic, groupId, 13, "the rewound group to read all 13 events again");
      teach(describeValues(replay) === sorted(events(1, 13)).join(", "), {
        expected: "after the rewind, all 13 events again",
        actual: describeValues(replay),
        see: SEE,
      });
    },
  );

  test("rewinding a group to a point in time replays only what was written since", { timeout: 45_000 }, async () => {
    const kafka = testKafka();
    const topic = uniqueName("replay-since");
    const groupId = uniqueName("reindexer");
    await createTopic(kafka, topic, PARTITIONS);
    await produce(kafka, topic, events(1, 6));
    // Record timestamps are CreateTime, set by the producer from this machine's clock: a few ms apart suffice.
    await sleep(100);
    const since = new Date();
    await sleep(100);
    await produce(kafka, topic, events(7, 10));
    await read(kafka, topic, groupId, 10, "a new group to read the 10 events in the topic");

    await within(20_000, "rewindGroupTo", rewindGroupTo(kafka, topic, groupId, since));
    const replay = await read(
      kafka,
      topic,
      groupId,
      4,
      `the group to re-read the 4 events written after ${since.toISOString()}`,
    );
    teach(describeValues(replay) === "event-7, event-8, event-9, event-10", {
      expected: `only the events written since ${since.toISOString()}: event-7, event-8, event-9, event-10`,
      actual: describeValues(replay),
      see: SEE,
    });
  });
});
