import type { Mutant } from "../../runner/mutants.js";

export const mutants: readonly Mutant[] = [
  {
    name: "rf above node count",
    mistake: "a topic replication factor above the number of nodes",
    file: "strimzi-dev-cluster.yaml",
    edits: [["  partitions: 6\n  replicas: 1\n", "  partitions: 6\n  replicas: 3\n"]],
    expectMessage: /replication factor is above the node count/,
  },
  {
    name: "zookeeper section",
    mistake: "a ZooKeeper section in a Kafka 4 cluster",
    file: "strimzi-dev-cluster.yaml",
    edits: [
      [
        "  entityOperator:\n",
        "  zookeeper:\n    replicas: 3\n    storage:\n      type: ephemeral\n  entityOperator:\n",
      ],
    ],
    expectMessage: /no zookeeper section/,
  },
  {
    name: "pool without roles",
    mistake: "a node pool without roles",
    file: "strimzi-dev-cluster.yaml",
    edits: [["  roles:\n    - controller\n    - broker\n", ""]],
    expectMessage: /it has no roles/,
  },
];
