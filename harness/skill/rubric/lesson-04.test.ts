import { expect, test } from "vitest";
import { toBlocks } from "../blocks.js";
import { contextRange, detectItem } from "../detect.js";
import { items } from "./lesson-04.js";

const find = (id: string, text: string) => {
  const item = items.find((i) => i.id === id);
  if (!item) throw new Error(id);
  const blocks = toBlocks(`## Recommendations\n\n${text}\n`, 1);
  return detectItem(blocks, contextRange(blocks).range, item).status;
};

test.each([
  ["producer-acks-all", "- Use acks=all so a record survives a leader failure."],
  ["producer-acks-all", "Set acks to -1: with acks=1 the event is lost if the leader dies."],
  ["idempotent-producer", "- Turn on idempotence in the producer so retries do not create duplicates."],
  ["idempotent-producer", "An idempotent producer never writes a retried batch twice."],
  [
    "producer-error-handling",
    "- Treat retriable errors (timeouts) differently from fatal ones such as a record too large.",
  ],
  [
    "producer-error-handling",
    "Transient send failures are retried a bounded number of times; permanent ones go to the caller.",
  ],
  ["batching-tradeoff", "- A higher linger.ms gives bigger batches and more throughput but adds latency."],
  ["batching-tradeoff", "Batching and compression cost latency."],
])("%s is recognised in: %s", (id, text) => {
  expect(find(id, text)).toBe("found");
});

test.each([
  ["producer-acks-all", "- Configure acks."],
  ["idempotent-producer", "- Make consumers idempotent."],
  ["producer-error-handling", "- Handle errors."],
  ["batching-tradeoff", "- Use batching."],
  ["producer-acks-all", "- Should the producer use acks=all so nothing is lost?"],
])("%s is not satisfied by: %s", (id, text) => {
  expect(find(id, text)).toBe("missing");
});
