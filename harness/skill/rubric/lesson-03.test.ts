import { detectionCases } from "./detection-cases.js";
import { items } from "./lesson-03.js";

detectionCases(items, {
  found: [
    ["kraft-no-zookeeper", "- Kafka 4 uses KRaft: no ZooKeeper; three dedicated controllers form the quorum."],
    ["kraft-no-zookeeper", "Deploy in KRaft mode (ZooKeeper was removed) with controller nodes separate from brokers."],
    ["replication-fits-cluster", "- Keep the replication factor ≤ the number of brokers and min.insync.replicas ≤ RF."],
    [
      "replication-fits-cluster",
      "Never ask for more replicas than nodes, and keep min ISR below the replication factor.",
    ],
  ],
  missing: [
    ["kraft-no-zookeeper", "- Use KRaft."],
    ["replication-fits-cluster", "- Use a replication factor of 3."],
  ],
});
