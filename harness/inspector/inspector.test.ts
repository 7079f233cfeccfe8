import { afterAll, expect, inject, test } from "vitest";
import { createTopic, uniqueName, withAdmin } from "../testkit/kafka.js";
import { kafkaClient } from "../broker/probe.js";
import {
  addLagSamples,
  bar,
  createdBetween,
  createInspector,
  lagSamples,
  lagShape,
  sparkline,
  type LagSample,
} from "./index.js";
import "../testkit/provided.js";

const connection = inject("course").connection;
const kafka = kafkaClient(connection, "inspector-test");
const inspector = createInspector(connection);
afterAll(() => inspector.close());

test(
  "topics: partitions with leader, ISR and watermarks; a page of records; a group's lag",
  { timeout: 60_000 },
  async () => {
    const before = await inspector.names();
    const topic = uniqueName("inspect");
    const groupId = uniqueName("inspect-group");
    await createTopic(kafka, topic, 3);
    const producer = kafka.producer();
    await producer.connect();
    // Key skew on purpose: partition 0 gets 8 records, partition 1 gets 2, partition 2 none.
    await producer.send({
      topic,
      messages: [
        ...Array.from({ length: 8 }, (_, i) => ({
          partition: 0,
          key: "hot",
          value: `v${i}`,
          headers: { n: String(i) },
        })),
        { partition: 1, key: "cold", value: "a" },
        { partition: 1, key: "cold", value: "b" },
      ],
    });
    await producer.disconnect();
    // A group that committed 3 of partition 0's 8 records: lag 5 there.
    await withAdmin(kafka, (admin) =>
      admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: "3" }] }),
    );

    const [info] = await inspector.topics([topic]);
    expect(info?.partitions.map((p) => [p.partition, p.low, p.high])).toEqual([
      [0, 0, 8],
      [1, 0, 2],
      [2, 0, 0],
    ]);
    expect(info?.partitions.every((p) => p.leader >= 0 && p.isr.includes(p.leader))).toBe(true);
    expect((await inspector.brokers()).length).toBeGreaterThan(0);

    const first = await inspector.records({ topic, partition: 0, from: 0, limit: 5 });
    expect(first.records.map((r) => r.value)).toEqual(["v0", "v1", "v2", "v3", "v4"]);
    expect(first.records[2]).toMatchObject({ key: "hot", offset: 2, headers: { n: "2" } });
    expect(first.records[0]!.timestamp).toBeGreaterThan(Date.now() - 60_000);
    const second = await inspector.records({ topic, partition: 0, from: first.next, limit: 5 });
    expect(second.records.map((r) => r.offset)).toEqual([5, 6, 7]);
    expect(second.next).toBe(8);
    expect((await inspector.records({ topic, partition: 2, from: 0, limit: 5 })).records).toEqual([]);

    const [group] = await inspector.groups([groupId]);
    expect(group?.lags).toEqual([{ topic, partition: 0, committed: 3, high: 8, lag: 5 }]);
    const history = addLagSamples(addLagSamples({}, [group!], 1), [group!], 2);
    expect(lagSamples(history, groupId, topic, 0).map((s) => [s.atMs, s.lag])).toEqual([
      [1, 5],
      [2, 5],
    ]);

    // What the "check" created, and nothing the record browser used for itself.
    const made = createdBetween(before, await inspector.names());
    expect(made.topics).toContain(topic);
    expect(made.groups).toEqual(expect.arrayContaining([groupId]));
    expect(made.groups.some((g) => g.startsWith("kafka-course-inspector-"))).toBe(false);
  },
);

test("lag shapes follow lesson 13's rules; pictures scale to the largest value", () => {
  const s = (pairs: [number, number][]): LagSample[] =>
    pairs.map(([lag, committed], i) => ({ atMs: i, lag, committed }));
  expect(
    lagShape(
      s([
        [5, 1],
        [9, 1],
        [14, 1],
      ]),
      5,
    ),
  ).toBe("stuck");
  expect(
    lagShape(
      s([
        [0, 1],
        [10, 4],
        [20, 9],
      ]),
      5,
    ),
  ).toBe("growing");
  expect(
    lagShape(
      s([
        [1, 1],
        [30, 4],
        [2, 40],
      ]),
      5,
    ),
  ).toBe("spiking");
  expect(
    lagShape(
      s([
        [2, 1],
        [3, 4],
        [2, 9],
      ]),
      5,
    ),
  ).toBe("stable");
  expect(lagShape(s([[2, 1]]), 5)).toBeUndefined();
  expect(sparkline([0, 7, 14])).toBe("▁▅█");
  expect(bar(8, 8, 4)).toBe("████");
  expect(bar(1, 8, 4)).toBe("▌");
  expect(bar(0, 8, 4)).toBe("");
});
