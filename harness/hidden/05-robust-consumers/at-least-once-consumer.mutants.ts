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
  {
    name: "pending kept in memory",
    mistake:
      "committing on receipt and keeping unfinished events in a module-level Map that a restarted instance finishes",
    file: "at-least-once.ts",
    edits: [
      [
        "export async function startAtLeastOnceConsumer(",
        "const pending = new Map<string, TaskEvent>();\n\nexport async function startAtLeastOnceConsumer(",
      ],
      [
        "  await consumer.connect();\n",
        "  await consumer.connect();\n  for (const [k, e] of pending) {\n    await options.handle(e);\n    pending.delete(k);\n  }\n",
      ],
      [
        `${HANDLE}      // The committed offset is the next one to read: this event's offset + 1.\n${COMMIT}`,
        `      pending.set(\`\${partition}:\${message.offset}\`, event);\n${COMMIT}${HANDLE}      pending.delete(\`\${partition}:\${message.offset}\`);\n`,
      ],
    ],
    // A restart in the same process finishes the Map's events; a crash and a successor process cannot.
    expectMessage: /lost after a crash in the middle of processing/,
  },
  {
    name: "stop does nothing",
    mistake: "a stop() that never disconnects the consumer",
    file: "at-least-once.ts",
    edits: [["return { stop: () => consumer.disconnect() };", "return { stop: async () => {} };"]],
    expectMessage: /still lists 1 member/,
  },
];
