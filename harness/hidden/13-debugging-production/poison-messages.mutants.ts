import type { Mutant } from "../../runner/mutants.js";

export const mutants: readonly Mutant[] = [
  {
    name: "endless retry",
    mistake: "retrying a poison record until it succeeds, which it never does",
    file: "poison-messages.ts",
    edits: [["if (attempt >= options.maxAttempts) break;", ""]],
    expectMessage: /partition is stuck.*never processed.*lag/,
  },
  {
    name: "dlt without context",
    mistake: "dead-lettering the record without headers saying where it came from and why it failed",
    file: "poison-messages.ts",
    edits: [["headers: { ...message.headers, ...context }", "headers: message.headers"]],
    expectMessage: /without context.*dlt\.original\.topic: missing/,
  },
  {
    name: "no backoff",
    mistake: "retrying immediately, with no pause between attempts",
    file: "poison-messages.ts",
    edits: [["await pause(options.backoffMs * 2 ** (attempt - 1));", ""]],
    expectMessage: /without a pause hammers/,
  },
  {
    name: "dropped",
    mistake: "skipping a record that keeps failing instead of dead-lettering it",
    file: "poison-messages.ts",
    edits: [
      [
        "await producer.send({\n          topic: options.deadLetterTopic,",
        "void context;\n        if (Math.random() < 0) await producer.send({\n          topic: options.deadLetterTopic,",
      ],
    ],
    expectMessage: /dead-letter topic is empty/,
  },
  {
    name: "dead-letter producer left open",
    mistake: "a stop() that disconnects the consumer but leaves the dead-letter producer connected",
    file: "poison-messages.ts",
    edits: [
      [
        "      await consumer.disconnect();\n      await producer.disconnect();\n",
        "      await consumer.disconnect();\n",
      ],
    ],
    expectMessage: /1 producer\(s\) still connected/,
  },
];
