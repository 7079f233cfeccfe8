import type { Mutant } from "../../runner/mutants.js";

const HANDLE = "      await options.handle(event);\n";
const COMMIT =
  "      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);\n";

export const mutants: readonly Mutant[] = [
  {
    name: "commit before processing",
    mistake: "committing an event's offset before processing it",
    file: "at-least-once.ts",
    edits: [
      [
        `${HANDLE}      // The committed offset is the next one to read: this event's offset + 1.\n${COMMIT}`,
        `${COMMIT}${HANDLE}`,
      ],
    ],
    expectMessage: /lost after .*committed before processing/,
  },
  {
    name: "error swallowed",
    mistake: "catching a processing error and carrying on to the next event",
    file: "at-least-once.ts",
    edits: [[HANDLE, "      await options.handle(event).catch(() => {});\n"]],
    expectMessage: /lost after a failed handle.*error swallowed/,
  },
];
