import type { Mutant } from "../../runner/mutants.js";

export const mutants: readonly Mutant[] = [
  {
    name: "no key",
    mistake: "publishing without a key",
    file: "hello-kafka.ts",
    edits: [["{ key: e.taskId, value: JSON.stringify(e) }", "{ value: JSON.stringify(e) }"]],
    expectMessage: /no key/,
  },
  {
    name: "consumer left in the group",
    mistake: "returning the events without disconnecting the consumer",
    file: "hello-kafka.ts",
    edits: [["    await consumer.disconnect();\n", ""]],
    expectMessage: /still lists 1 member/,
  },
  {
    name: "admin left connected",
    mistake: "never disconnecting the admin client",
    file: "hello-kafka.ts",
    edits: [["    await admin.disconnect();\n", ""]],
    expectMessage: /admin\(s\) still connected/,
  },
  {
    name: "producer left connected",
    mistake: "never disconnecting the producer",
    file: "hello-kafka.ts",
    edits: [["    await producer.disconnect();\n", ""]],
    expectMessage: /1 producer\(s\) still connected/,
  },
];
