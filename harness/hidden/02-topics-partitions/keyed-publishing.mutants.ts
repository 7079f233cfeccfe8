import type { Mutant } from "../../runner/mutants.js";

export const mutants: readonly Mutant[] = [
  {
    name: "no key",
    mistake: "publishing without a key",
    file: "keyed-publishing.ts",
    edits: [["{ key: event.taskId, value: JSON.stringify(event) }", "{ value: JSON.stringify(event) }"]],
    expectMessage: /no key/,
  },
  {
    name: "legacy partitioner",
    mistake: "a partitioner that hashes keys differently from Kafka's default (kafkajs's LegacyPartitioner)",
    file: "keyed-publishing.ts",
    edits: [
      ["createPartitioner: Partitioners.DefaultPartitioner", "createPartitioner: Partitioners.LegacyPartitioner"],
    ],
    expectMessage: /default partitioner/,
  },
  {
    name: "close does nothing",
    mistake: "a close() that never disconnects the producer",
    file: "keyed-publishing.ts",
    edits: [["close: () => producer.disconnect(),", "close: async () => {},"]],
    expectMessage: /1 producer\(s\) still connected/,
  },
];
