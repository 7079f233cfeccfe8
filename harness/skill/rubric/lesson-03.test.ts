import { expect, test } from "vitest";
import { toBlocks } from "../blocks.js";
import { contextRange, detectItem } from "../detect.js";
import { items } from "./lesson-03.js";

const find = (id: string, text: string) => {
  const item = items.find((i) => i.id === id);
  if (!item) throw new Error(id);
  const blocks = toBlocks(`## Recommendations\n\n${text}\n`, 1);
  return detectItem(blocks, contextRange(blocks).range, item).status;
};

test.each([
  ["kraft-no-zookeeper", "- Kafka 4 uses KRaft: no ZooKeeper; three dedicated controllers form the quorum."],
  ["kraft-no-zookeeper", "Deploy in KRaft mode (ZooKeeper was removed) with controller nodes separate from brokers."],
  ["replication-fits-cluster", "- Keep the replication factor ≤ the number of brokers and min.insync.replicas ≤ RF."],
  [
    "replication-fits-cluster",
    "Never ask for more replicas than nodes, and keep min ISR below the replication factor.",
  ],
])("%s is recognised in: %s", (id, text) => {
  expect(find(id, text)).toBe("found");
});

test.each([
  ["kraft-no-zookeeper", "- Use KRaft."],
  ["replication-fits-cluster", "- Use a replication factor of 3."],
])("%s is not satisfied by: %s", (id, text) => {
  expect(find(id, text)).toBe("missing");
});
