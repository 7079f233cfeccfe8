import type { Mutant } from "../../runner/mutants.js";

export const mutants: readonly Mutant[] = [
  {
    name: "acks 1",
    mistake: "acks: 1 (and so no idempotence, which kafkajs allows only with acks -1) to be faster",
    file: "reliable-producer.ts",
    edits: [
      ["    idempotent: true,\n", ""],
      ["acks: -1,", "acks: 1,"],
    ],
    expectMessage: /acks=all \(-1\)[^]*acks=1/,
  },
  {
    name: "acks 0",
    mistake: "acks: 0, fire and forget at the protocol level",
    file: "reliable-producer.ts",
    edits: [
      ["    idempotent: true,\n", ""],
      ["acks: -1,", "acks: 0,"],
    ],
    expectMessage: /acks=all \(-1\)[^]*acks=0/,
  },
  {
    name: "no key",
    mistake: "publishing without the task id as key",
    file: "reliable-producer.ts",
    edits: [["          key: event.taskId,\n", ""]],
    expectMessage: /no key/,
  },
  {
    name: "no idempotence",
    mistake: "a producer that is not idempotent",
    file: "reliable-producer.ts",
    edits: [["    idempotent: true,\n", ""]],
    expectMessage: /duplicate after the dropped acknowledgement/,
  },
  {
    name: "unbounded retries",
    mistake: "retries: Number.MAX_SAFE_INTEGER, as if kafkajs had a delivery timeout like the Java client",
    file: "reliable-producer.ts",
    edits: [["retries: opts.retries ?? 5,", "retries: Number.MAX_SAFE_INTEGER,"]],
    expectMessage: /unbounded retries/,
  },
  {
    name: "every error fatal",
    mistake: "not looking inside KafkaJSNumberOfRetriesExceeded when classifying",
    file: "reliable-producer.ts",
    edits: [['  if (err?.name === "KafkaJSNumberOfRetriesExceeded") return classifyError(err.cause);\n', ""]],
    expectMessage: /kind "retriable"/,
  },
  {
    name: "app retries every failure",
    mistake: "a retry loop around send in the application, fatal errors included",
    file: "reliable-producer.ts",
    edits: [
      [
        "export async function publishTaskEvent(producer: Producer, topic: string, event: TaskEvent): Promise<void> {",
        "export async function publishTaskEvent(producer: Producer, topic: string, event: TaskEvent, attempt = 0): Promise<void> {",
      ],
      [
        "  } catch (e) {\n    throw new PublishError(",
        "  } catch (e) {\n    if (attempt < 2) return publishTaskEvent(producer, topic, event, attempt + 1);\n    throw new PublishError(",
      ],
    ],
    expectMessage: /sent again after a fatal error/,
  },
  {
    name: "retries fixed at 3",
    mistake: "a fixed retry budget instead of the caller's opts.retries",
    file: "reliable-producer.ts",
    edits: [["retries: opts.retries ?? 5,", "retries: 3,"]],
    expectMessage: /exactly 3 produce requests[^]*the broker saw 4/,
  },
];
