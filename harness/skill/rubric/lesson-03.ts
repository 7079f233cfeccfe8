import type { RubricItem } from "./types.js";

/** Lesson 3: what the skill must say about KRaft and replication settings that fit the cluster. */
const KRAFT = "lesson 3, section “Controllers, brokers and the metadata quorum”";
const SIZE = "lesson 3, section “Strimzi: Kafka as Kubernetes resources”";

export const items: readonly RubricItem[] = [
  {
    id: "kraft-no-zookeeper",
    lesson: 3,
    title: "KRaft, no ZooKeeper",
    detect: {
      as: "statement",
      all: [[/\bkraft\b/], [/zoo ?keeper/], [/controller/]],
    },
    fix: `Say that Kafka 4 runs in KRaft mode without ZooKeeper: controllers (an odd number, 3 or 5, dedicated in production) hold the metadata quorum (${KRAFT}).`,
    example:
      "Kafka 4 runs in KRaft mode with no ZooKeeper: use 3 (or 5) dedicated controllers for the metadata quorum in production, and combined nodes only for development.",
  },
  {
    id: "replication-fits-cluster",
    lesson: 3,
    title: "Replication fits the cluster",
    detect: {
      as: "statement",
      all: [
        [/replication.factor|\breplicas\b|\brf\b/],
        [/min\.?insync|min\.isr|\bmin isr\b|in-sync replicas/],
        [/broker|node/],
      ],
    },
    fix: `Say that a replication factor never exceeds the number of brokers and min.insync.replicas never exceeds the replication factor, and that dev values of 1 stay out of production (${SIZE}).`,
    example:
      "Replication factors never exceed the number of brokers and min.insync.replicas never exceeds the replication factor; the single-node dev values (1) never go to production.",
  },
];
