import type { Mutant } from "../../runner/mutants.js";

const FILE = "strimzi-dev-cluster.yaml";

export const mutants: readonly Mutant[] = [
  {
    name: "rf above node count",
    mistake: "a topic replication factor above the number of nodes",
    file: FILE,
    edits: [["  partitions: 6\n  replicas: 1\n", "  partitions: 6\n  replicas: 3\n"]],
    expectMessage: /replication factor is above the node count/,
  },
  {
    name: "zookeeper section",
    mistake: "a ZooKeeper section in a Kafka 4 cluster",
    file: FILE,
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
    file: FILE,
    edits: [["  roles:\n    - controller\n    - broker\n", ""]],
    expectMessage: /it has no roles/,
  },
  {
    name: "old api version",
    mistake: "the kafka.strimzi.io/v1beta2 API that Strimzi 1.x no longer serves",
    file: FILE,
    edits: [["apiVersion: kafka.strimzi.io/v1\n", "apiVersion: kafka.strimzi.io/v1beta2\n"]],
    expectMessage: /apiVersion is kafka\.strimzi\.io\/v1beta2; Strimzi 1\.x serves only kafka\.strimzi\.io\/v1/,
  },
  {
    name: "storage on the kafka",
    mistake: "storage and replicas on the Kafka, where they were before node pools",
    file: FILE,
    edits: [["    version: 4.3.1\n", "    version: 4.3.1\n    replicas: 1\n    storage:\n      type: ephemeral\n"]],
    expectMessage: /spec\.kafka\.replicas is not a field of KafkaClusterSpec/,
  },
  {
    name: "misspelt listener field",
    mistake: "a listener field Strimzi does not know",
    file: FILE,
    edits: [["        type: nodeport\n        tls: false\n", "        type: nodeport\n        tsl: false\n"]],
    expectMessage: /spec\.kafka\.listeners\[1\]\.tsl is not a field of GenericKafkaListener/,
  },
  {
    name: "kafka version strimzi does not run",
    mistake: "a Kafka version the Strimzi release does not run",
    file: FILE,
    edits: [["    version: 4.3.1\n", "    version: 4.1.0\n"]],
    expectMessage: /version 4\.1\.0: the operator refuses it/,
  },
];
