import type { Mutant } from "../../runner/mutants.js";

export const mutants: readonly Mutant[] = [
  {
    name: "heartbeat only between events",
    mistake: "heartbeating between events only, while one task outlasts the session timeout",
    file: "long-task.ts",
    edits: [["setInterval(() => void heartbeat().catch(() => {}), options.heartbeatInterval)", "undefined"]],
    expectMessage: /rejoined its group.*rebalancing storm.*heartbeat from a timer/,
  },
];
