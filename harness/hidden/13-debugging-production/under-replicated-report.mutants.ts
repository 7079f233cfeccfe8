import type { Mutant } from "../../runner/mutants.js";

export const mutants: readonly Mutant[] = [
  {
    name: "leader means healthy",
    mistake: "counting only partitions without a leader, as if a partition that serves traffic were safe",
    file: "under-replicated.ts",
    edits: [["if (p.isr.length < p.replicas.length) {", "if (p.leader < 0) {"]],
    expectMessage: /missing: .*ISR is shorter than its replica list/,
  },
  {
    name: "isr against cluster size",
    mistake: "comparing the ISR with the number of brokers instead of the partition's own replicas",
    file: "under-replicated.ts",
    edits: [["if (p.isr.length < p.replicas.length) {", "if (p.isr.length < 3) {"]],
    expectMessage: /reported healthy partitions: .*own replica list/,
  },
  {
    name: "offline crashes the report",
    mistake: "letting kafkajs's LEADER_NOT_AVAILABLE end the report instead of naming the topic offline",
    file: "under-replicated.ts",
    edits: [["if (!leaderMissing(e)) throw e;", "throw e;"]],
    expectMessage: /LEADER_NOT_AVAILABLE.*offline/,
  },
  {
    name: "admin left connected",
    mistake: "a report that connects an admin client and never disconnects it",
    file: "under-replicated.ts",
    edits: [["  } finally {\n    await admin.disconnect();\n  }", "  } finally {\n    void admin;\n  }"]],
    expectMessage: /1 admin\(s\) still connected/,
  },
];
