import type { Mutant } from "../../runner/mutants.js";

export const mutants: readonly Mutant[] = [
  {
    name: "producer per request",
    mistake: "creating and connecting a producer in every request",
    file: "task-api.ts",
    edits: [
      [
        "      await producer.send({",
        "      const perRequest = kafka.producer({ allowAutoTopicCreation: false });\n      await perRequest.connect();\n      await perRequest.send({",
      ],
    ],
    expectMessage: /one producer for the whole app/,
  },
  {
    name: "no disconnect on close",
    mistake: "not disconnecting the producer when the app closes",
    file: "task-api.ts",
    edits: [["    await producer.disconnect();\n", ""]],
    expectMessage: /producer is still connected after close/,
  },
  {
    name: "202 before the acknowledgement",
    mistake: "answering 202 before the broker acknowledged the event (fire and forget)",
    file: "task-api.ts",
    edits: [
      ["      await producer.send({", "      void producer.send({"],
      [
        "        messages: [{ key: event.taskId, value: JSON.stringify(event) }],\n      });",
        '        messages: [{ key: event.taskId, value: JSON.stringify(event) }],\n      }).catch((e: unknown) => request.log.error(e, "task event not published"));',
      ],
    ],
    expectMessage: /answered 202 .*before the acknowledgement/,
  },
  {
    name: "health that never asks the broker",
    mistake: "a health route that answers 200 without asking the broker",
    file: "task-api.ts",
    edits: [["      await withTimeout(2_000, admin.describeCluster());\n", ""]],
    expectMessage: /health route does not ask the broker/,
  },
];
