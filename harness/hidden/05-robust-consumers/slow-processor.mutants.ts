import type { Mutant } from "../../runner/mutants.js";

export const mutants: readonly Mutant[] = [
  {
    name: "no heartbeat in the batch",
    mistake: "processing a long batch without heartbeats",
    file: "slow-processor.ts",
    edits: [["        await heartbeat();\n", ""]],
    expectMessage: /rebalanced while the batch.*heartbeat\(\)/,
  },
  {
    name: "whole batch auto-resolved",
    mistake: "letting kafkajs resolve the whole batch although the loop stopped part-way",
    file: "slow-processor.ts",
    edits: [["eachBatchAutoResolve: false,", "eachBatchAutoResolve: true,"]],
    expectMessage: /eachBatchAutoResolve off/,
  },
  {
    name: "stop does nothing",
    mistake: "a stop() that returns without disconnecting the consumer",
    file: "slow-processor.ts",
    edits: [["return { consumer, stop: () => consumer.disconnect() };", "return { consumer, stop: async () => {} };"]],
    expectMessage: /still lists 1 member/,
  },
];
