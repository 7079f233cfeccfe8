import { randomUUID } from "node:crypto";
import type { Kafka } from "kafkajs";
import { ConfigResourceTypes } from "kafkajs";
import { afterAll, describe, expect, inject, test } from "vitest";
import { kafkaClient } from "./probe.js";
// The testkit's createTopic rides out kafkajs's UNKNOWN_TOPIC_OR_PARTITION right after a create on a busy broker.
import { createTopic } from "../testkit/kafka.js";
import "../testkit/provided.js";

/**
 * kafkajs 2.2.4 predates Kafka 4.0, which removed old protocol versions (KIP-896). These checks
 * run every API family the course uses against the broker the suite started, so a broker
 * upgrade that breaks the learners' client fails here first.
 */
const kafka: Kafka = kafkaClient(inject("course").connection, "compat");
const name = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;
const admin = kafka.admin();
await admin.connect();
afterAll(() => admin.disconnect());

async function drain(topic: string, opts: { groupId: string; readUncommitted?: boolean; count: number }) {
  const consumer = kafka.consumer({
    groupId: opts.groupId,
    readUncommitted: opts.readUncommitted ?? false,
    maxWaitTimeInMs: 100,
  });
  const values: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, 6_000);
    void consumer.run({
      eachMessage: async ({ message }) => {
        values.push(message.value?.toString() ?? "");
        if (values.length >= opts.count) {
          clearTimeout(t);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return values;
}

describe("kafkajs 2.2.4 against the course broker", () => {
  test("admin: create, describe, configs, delete topics", async () => {
    const topic = name("compat-admin");
    await admin.createTopics({
      topics: [{ topic, numPartitions: 3, configEntries: [{ name: "retention.ms", value: "3600000" }] }],
      waitForLeaders: true,
    });
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(meta.topics[0]?.partitions).toHaveLength(3);
    const configs = await admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ["retention.ms"] }],
      includeSynonyms: false,
    });
    expect(configs.resources[0]?.configEntries[0]?.configValue).toBe("3600000");
    const cluster = await admin.describeCluster();
    expect(cluster.brokers.length).toBeGreaterThan(0);
    await admin.deleteTopics({ topics: [topic] });
  });

  test("produce with acks=all, consume as a group, commit, resume, reset offsets", async () => {
    const topic = name("compat-group");
    const groupId = name("compat-g");
    await createTopic(kafka, topic, 2);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [1, 2, 3, 4].map((i) => ({ key: `k${i % 2}`, value: `v${i}` })) });
    expect(await drain(topic, { groupId, count: 4 })).toHaveLength(4);
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    // A partition the group never read reports offset -1.
    expect(committed[0]?.partitions.reduce((s, p) => s + Math.max(0, Number(p.offset)), 0)).toBe(4);
    await producer.send({ topic, messages: [{ key: "k9", value: "v5" }] });
    await producer.disconnect();
    expect(await drain(topic, { groupId, count: 1 })).toEqual(["v5"]);
    const groups = await admin.describeGroups([groupId]);
    expect(groups.groups[0]?.state).toBe("Empty");
    await admin.resetOffsets({ groupId, topic, earliest: true });
    expect(await drain(topic, { groupId, count: 5 })).toHaveLength(5);
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).toContain(groupId);
  });

  test("idempotent producer", async () => {
    const topic = name("compat-idem");
    await createTopic(kafka, topic);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: [
        { key: "a", value: "1" },
        { key: "a", value: "2" },
      ],
    });
    await producer.disconnect();
    expect(await drain(topic, { groupId: name("g"), count: 2 })).toEqual(["1", "2"]);
  });

  test("transactions: sendOffsets inside the transaction, abort hidden from read_committed", async () => {
    const input = name("compat-in");
    const output = name("compat-out");
    const groupId = name("compat-tx");
    await Promise.all([createTopic(kafka, input), createTopic(kafka, output)]);
    const plain = kafka.producer();
    await plain.connect();
    await plain.send({ topic: input, messages: [{ value: "in" }] });
    await plain.disconnect();

    const tx = kafka.producer({ transactionalId: name("compat-txid"), idempotent: true, maxInFlightRequests: 1 });
    await tx.connect();
    const aborted = await tx.transaction();
    await aborted.send({ topic: output, messages: [{ value: "aborted" }] });
    await aborted.abort();
    const committed = await tx.transaction();
    await committed.send({ topic: output, messages: [{ value: "committed" }] });
    await committed.sendOffsets({
      consumerGroupId: groupId,
      topics: [{ topic: input, partitions: [{ partition: 0, offset: "1" }] }],
    });
    await committed.commit();
    await tx.disconnect();

    expect(await drain(output, { groupId: name("rc"), count: 1 })).toEqual(["committed"]);
    expect(await drain(output, { groupId: name("ru"), count: 2, readUncommitted: true })).toEqual([
      "aborted",
      "committed",
    ]);
    const offsets = await admin.fetchOffsets({ groupId, topics: [input] });
    expect(offsets[0]?.partitions[0]?.offset).toBe("1");
  });
});
