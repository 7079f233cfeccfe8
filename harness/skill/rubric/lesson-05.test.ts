import { expect, test } from "vitest";
import { toBlocks } from "../blocks.js";
import { contextRange, detectItem } from "../detect.js";
import { items } from "./lesson-05.js";

const find = (id: string, text: string) => {
  const item = items.find((i) => i.id === id);
  if (!item) throw new Error(id);
  const blocks = toBlocks(`## Recommendations\n\n${text}\n`, 1);
  return detectItem(blocks, contextRange(blocks).range, item).status;
};

test.each([
  ["commit-after-processing", "- Commit offsets only after the handler has finished processing the event."],
  ["commit-after-processing", "Never commit the offset before processing: a crash would lose the event."],
  ["commit-after-processing", "Store the consumer position only once the event is done (at-least-once)."],
  ["consumer-lag", "- Consumer lag = log-end offset minus committed offset, per partition; alert when it grows."],
  ["consumer-lag", "Watch lag: the gap between the high watermark and the group's committed offset."],
  [
    "slow-processing",
    "- Slow handlers (seconds per event) must heartbeat between events, or the session timeout drops them.",
  ],
  ["slow-processing", "When processing takes a while, pause the partition so the member keeps its group membership."],
  [
    "slow-processing",
    "For long model calls, hand the work off to a separate topic with a rate-limited worker instead of risking a rebalance.",
  ],
])("%s is recognised in: %s", (id, text) => {
  expect(find(id, text)).toBe("found");
});

test.each([
  ["commit-after-processing", "- Kafka stores committed offsets in __consumer_offsets."],
  ["commit-after-processing", "- Reset the committed offsets to replay history."],
  ["consumer-lag", "- Monitor consumer lag."],
  ["slow-processing", "- Increase the session timeout."],
  ["slow-processing", "- Rebalances happen when members join or leave."],
])("%s is not satisfied by: %s", (id, text) => {
  expect(find(id, text)).toBe("missing");
});
