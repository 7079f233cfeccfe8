import type { Mutant } from "../../runner/mutants.js";

const FILE = "idempotent-notifier.ts";

export const mutants: readonly Mutant[] = [
  {
    name: "in-memory dedupe",
    mistake: "remembering sent events in an in-memory Set",
    file: FILE,
    edits: [
      [
        "  const store = openSentStore(options.dbPath);\n",
        "  const seen = new Set<string>();\n  const store: SentStore = { has: (id) => seen.has(id), markSent: (id) => void seen.add(id), close: () => {} };\n",
      ],
    ],
    expectMessage: /in-memory set is empty after a restart|not in memory/,
  },
  {
    name: "dedupe by offset",
    mistake: "a dedupe store keyed by partition and offset instead of the event id",
    file: FILE,
    edits: [
      ["if (!store.has(event.eventId)) {", "if (!store.has(`${partition}:${message.offset}`)) {"],
      ["store.markSent(event.eventId);", "store.markSent(`${partition}:${message.offset}`);"],
    ],
    expectMessage: /not by partition and offset/,
  },
  {
    name: "record before send",
    mistake: "recording the event as sent before sending it",
    file: FILE,
    edits: [
      [
        "          await options.send(notification);\n          store.markSent(event.eventId);\n",
        "          store.markSent(event.eventId);\n          await options.send(notification);\n",
      ],
    ],
    expectMessage: /Send first, record after/,
  },
  {
    name: "no dedupe",
    mistake: "a consumer with no dedupe at all (plain at-least-once)",
    file: FILE,
    edits: [["if (!store.has(event.eventId)) {", "if (true) {"]],
    expectMessage: /sent 2 times/,
  },
  {
    name: "dedupe per task",
    mistake: "a dedupe store keyed by the task id, so a task's second event looks like a duplicate",
    file: FILE,
    edits: [
      ["if (!store.has(event.eventId)) {", "if (!store.has(event.taskId)) {"],
      ["store.markSent(event.eventId);", "store.markSent(event.taskId);"],
    ],
    expectMessage: /dedupe store is keyed by the task/,
  },
  {
    name: "batch never resolves offsets",
    mistake: "an eachBatch handler that commits but never resolves offsets, so every fetch returns the same records",
    file: FILE,
    edits: [
      [
        "      eachMessage: async ({ topic, partition, message }) => {\n",
        "      eachBatchAutoResolve: false,\n      eachBatch: async ({ batch: { topic, partition, messages } }) => {\n        for (const message of messages) {\n",
      ],
      [
        "        await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);\n      },\n",
        "        await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);\n        }\n      },\n",
      ],
    ],
    expectMessage: /handles the same records again and again.*resolveOffset/,
  },
  {
    name: "stop leaves the consumer in its group",
    mistake: "a stop() that closes the store but never disconnects the consumer",
    file: FILE,
    edits: [
      ["      await consumer.disconnect();\n      store.close();\n    },\n  };", "      store.close();\n    },\n  };"],
    ],
    expectMessage: /still has 1 member.*consumer.disconnect\(\)/,
  },
  {
    name: "module-level set",
    mistake: "a Set at module level as the dedupe store: it outlives one instance, but not the process",
    file: FILE,
    edits: [
      [
        "/** Opens (or creates) the dedupe store",
        "const SENT = new Set<string>();\n/** Opens (or creates) the dedupe store",
      ],
      [
        "  const store = openSentStore(options.dbPath);\n",
        "  const store: SentStore = { has: (id) => SENT.has(id), markSent: (id) => void SENT.add(id), close: () => {} };\n",
      ],
    ],
    expectMessage: /even one at module level, is empty after a restart|not in memory/,
  },
];
