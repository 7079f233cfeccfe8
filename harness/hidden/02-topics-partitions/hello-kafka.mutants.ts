import type { Mutant } from "../../runner/mutants.js";

export const mutants: readonly Mutant[] = [
  {
    name: "no key",
    mistake: "publishing without a key",
    file: "hello-kafka.ts",
    edits: [["{ key: e.taskId, value: JSON.stringify(e) }", "{ value: JSON.stringify(e) }"]],
    expectMessage: /no key/,
  },
];
