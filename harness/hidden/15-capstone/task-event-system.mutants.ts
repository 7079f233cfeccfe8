import type { Mutant } from "../../runner/mutants.js";

const COMMIT =
  "      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);\n";
const PARSE = "      const event = parseTaskEvent(message.value);\n";

export const mutants: readonly Mutant[] = [
  {
    name: "commit before send",
    mistake: "committing the event's offset (or letting auto-commit do it) before the notification was sent",
    file: "notifications.ts",
    edits: [
      ["      // Only now is the event done: commit the next offset to read.\n" + COMMIT, ""],
      [PARSE, COMMIT + PARSE],
    ],
    expectMessage: /never notified, .*lost across the restart.*commit/,
  },
  {
    name: "no rate limiter",
    mistake: "calling the provider as fast as the consumer reads, without a token bucket per channel",
    file: "notifications.ts",
    edits: [["      await buckets[n.channel].take();\n", ""]],
    expectMessage: /rate limit exceeded: \d+ (email|sms) calls within one second/,
  },
  {
    name: "no key",
    mistake: "publishing task events without a key, so one task's events spread over partitions",
    file: "task-api.ts",
    edits: [
      [
        "messages: [{ key: event.taskId, value: JSON.stringify(event) }]",
        "messages: [{ value: JSON.stringify(event) }]",
      ],
    ],
    expectMessage: /key is null|order per task broken/,
  },
  {
    name: "poison stalls the consumer",
    mistake: "parsing without handling a malformed event, so it fails on every retry and blocks its partition",
    file: "notifications.ts",
    // Typed like parseTaskEvent's answer, so it compiles as a learner's would: only the runtime differs.
    edits: [
      [
        PARSE,
        '      const event = JSON.parse(message.value?.toString() ?? "") as ReturnType<typeof parseTaskEvent>;\n',
      ],
    ],
    expectMessage: /dead-letter topic is empty.*stalled the consumer/,
  },
];
