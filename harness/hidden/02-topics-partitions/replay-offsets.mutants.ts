import type { Mutant } from "../../runner/mutants.js";

export const mutants: readonly Mutant[] = [
  {
    name: "no fromBeginning",
    mistake: "subscribing a new group without fromBeginning, so it starts at the end of the log",
    file: "replay.ts",
    edits: [["await consumer.subscribe({ topic, fromBeginning: true });", "await consumer.subscribe({ topic });"]],
    expectMessage: /fromBeginning/,
  },
  {
    name: "fresh group per read",
    mistake: "a new groupId for every read, so nothing resumes from a committed offset",
    file: "replay.ts",
    edits: [["kafka.consumer({ groupId })", "kafka.consumer({ groupId: `${groupId}-${Date.now()}` })"]],
    expectMessage: /committed offset/,
  },
  {
    name: "reset to latest",
    mistake: "moving the group to the end of the log (the high watermark) instead of the start",
    file: "replay.ts",
    edits: [["offset: p.low", "offset: p.high"]],
    expectMessage: /earliest/,
  },
];
