import type { Mutant } from "../../runner/mutants.js";

export const mutants: readonly Mutant[] = [
  {
    name: "still awaits notify",
    mistake: "publishing the event but still awaiting a downstream call before answering",
    file: "task-service.ts",
    edits: [
      [
        'import type { Kafka } from "kafkajs";',
        'import type { Kafka } from "kafkajs";\nimport { notify } from "./legacy-services.js";',
      ],
      ["      return task;", "      await notify(task);\n      return task;"],
    ],
    expectMessage: /still waits for downstream work/,
  },
  {
    name: "correlation id dropped",
    mistake: "minting a new correlation id instead of carrying the caller's",
    file: "task-service.ts",
    edits: [["correlationId: ctx.correlationId ?? randomUUID(),", "correlationId: randomUUID(),"]],
    expectMessage: /correlation id/,
  },
  {
    name: "fire and forget",
    mistake: "answering without awaiting the send",
    file: "task-service.ts",
    edits: [["      await producer.send({", "      void producer.send({"]],
    expectMessage: /send was not awaited/,
  },
  {
    name: "close does nothing",
    mistake: "a close() that never disconnects the producer",
    file: "task-service.ts",
    edits: [["close: () => producer.disconnect(),", "close: async () => {},"]],
    expectMessage: /1 producer\(s\) still connected/,
  },
];
