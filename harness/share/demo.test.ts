import { describe, expect, inject, test } from "vitest";
import { runShareDemo } from "./demo.js";
import { parseShareRecords, shareConsumerArgs } from "./console-share-consumer.js";
import "../testkit/provided.js";

describe("share-group demo (lesson 14)", () => {
  test("parses the console share consumer's lines", () => {
    expect(parseShareRecords("noise\nOffset:3\tDelivery:2\ttask-4\tsummarise 4\n")).toEqual([
      { offset: 3, delivery: 2, key: "task-4", value: "summarise 4" },
    ]);
    const args = shareConsumerArgs(
      { brokers: ["h:1"] },
      { topic: "t", group: "g", acknowledge: "release", maxMessages: 5, idleTimeoutMs: 10 },
    );
    expect(args).toContain("--release");
  });

  test(
    "Kafka's console share consumer receives every task on the real broker; released tasks come back with delivery count 2",
    { timeout: 150_000 },
    async () => {
      const lines: string[] = [];
      const result = await runShareDemo(inject("course").connection, (l) => lines.push(l));
      const [released, accepted] = result.rounds;
      expect(released?.records.map((r) => [r.offset, r.delivery])).toEqual([0, 1, 2, 3, 4].map((o) => [o, 1]));
      // Two consumers shared the one partition: together they got every task exactly once more.
      const again = [...(accepted?.records ?? [])].sort((a, b) => a.offset - b.offset);
      expect(again.map((r) => [r.offset, r.delivery])).toEqual([0, 1, 2, 3, 4].map((o) => [o, 2]));
    },
  );
});
