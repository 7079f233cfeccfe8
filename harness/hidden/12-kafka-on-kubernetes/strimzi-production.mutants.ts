import type { Mutant } from "../../runner/mutants.js";

const FILE = "strimzi-production.yaml";

export const mutants: readonly Mutant[] = [
  {
    name: "min ISR equal to RF",
    mistake: "min.insync.replicas equal to the replication factor",
    file: FILE,
    edits: [["      min.insync.replicas: 2\n      offsets", "      min.insync.replicas: 3\n      offsets"]],
    expectMessage: /min ISR equal to RF tolerates no failure/,
  },
  {
    name: "unclean election on",
    mistake: "unclean leader election switched on",
    file: FILE,
    edits: [["unclean.leader.election.enable: false", "unclean.leader.election.enable: true"]],
    expectMessage: /unclean leader election is on/,
  },
  {
    name: "single controller",
    mistake: "a single controller",
    file: FILE,
    edits: [["  # A quorum of three survives one controller failure.\n  replicas: 3\n", "  replicas: 1\n"]],
    expectMessage: /a single controller/,
  },
  {
    name: "no rack awareness",
    mistake: "no rack awareness across zones",
    file: FILE,
    edits: [
      [
        "    rack:\n      # Each broker learns its zone; Kafka puts a partition's replicas in different zones.\n      topologyKey: topology.kubernetes.io/zone\n",
        "",
      ],
    ],
    expectMessage: /no rack awareness across zones/,
  },
  {
    name: "combined controller pool",
    mistake: "controllers sharing their nodes with brokers",
    file: FILE,
    edits: [["  roles:\n    - controller\n", "  roles:\n    - controller\n    - broker\n"]],
    expectMessage: /with roles \[controller\] only/,
  },
  {
    name: "claims deleted with the cluster",
    mistake: "storage deleted with the cluster",
    file: FILE,
    edits: [["        size: 500Gi\n        deleteClaim: false\n", "        size: 500Gi\n        deleteClaim: true\n"]],
    expectMessage: /deleteClaim: false/,
  },
  {
    name: "user may write anywhere",
    mistake: "a user whose ACLs reach beyond its topic and group",
    file: FILE,
    edits: [
      [
        "      - resource:\n          type: group\n",
        '      - resource:\n          type: topic\n          name: "*"\n        operations:\n          - All\n      - resource:\n          type: group\n',
      ],
    ],
    expectMessage: /least privilege/,
  },
  {
    name: "memory limit above request",
    mistake: "a memory limit above the request",
    file: FILE,
    edits: [["    limits:\n      memory: 8Gi\n", "    limits:\n      memory: 16Gi\n"]],
    expectMessage: /memory limit equal to its request/,
  },
  {
    name: "heap as large as the limit",
    mistake: "no headroom between -Xmx and the memory limit",
    file: FILE,
    edits: [["    -Xms: 3g\n    -Xmx: 3g\n", "    -Xms: 8g\n    -Xmx: 8g\n"]],
    expectMessage: /no headroom between -Xmx and the limit/,
  },
  {
    name: "old api version",
    mistake: "the kafka.strimzi.io/v1beta2 API that Strimzi 1.x no longer serves",
    file: FILE,
    edits: [["apiVersion: kafka.strimzi.io/v1\n", "apiVersion: kafka.strimzi.io/v1beta2\n"]],
    expectMessage: /apiVersion is kafka\.strimzi\.io\/v1beta2; Strimzi 1\.x serves only kafka\.strimzi\.io\/v1/,
  },
  {
    name: "spread constraints outside the pod template",
    mistake: "a field in the wrong place: topologySpreadConstraints directly under template",
    file: FILE,
    edits: [
      [
        "  template:\n    pod:\n      topologySpreadConstraints:\n        - maxSkew: 1\n          topologyKey: topology.kubernetes.io/zone\n          whenUnsatisfiable: DoNotSchedule\n          labelSelector:\n            matchLabels:\n              strimzi.io/pool-name: brokers\n",
        "  template:\n    topologySpreadConstraints:\n      - maxSkew: 1\n        topologyKey: topology.kubernetes.io/zone\n        whenUnsatisfiable: DoNotSchedule\n        labelSelector:\n          matchLabels:\n            strimzi.io/pool-name: brokers\n",
      ],
    ],
    expectMessage: /spec\.template\.topologySpreadConstraints is not a field of KafkaNodePoolTemplate/,
  },
  {
    name: "misspelt storage field",
    mistake: "a storage field Strimzi does not know",
    file: FILE,
    edits: [["        size: 20Gi\n        deleteClaim: false\n", "        size: 20Gi\n        deleteclaim: false\n"]],
    expectMessage: /spec\.storage\.volumes\[0\]\.deleteclaim is not a field of PersistentClaimStorage/,
  },
];
