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
];
