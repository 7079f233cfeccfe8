import type { Mutant } from "../../runner/mutants.js";

export const mutants: readonly Mutant[] = [
  {
    name: "offsets outside the transaction",
    mistake: "letting the consumer commit offsets instead of sending them inside the transaction",
    file: "transactional-processor.ts",
    edits: [
      ["autoCommit: false,", "autoCommit: true,"],
      [
        `          await tx.sendOffsets({
            consumerGroupId: groupId,
            topics: [{ topic, partitions: [{ partition, offset: (BigInt(message.offset) + 1n).toString() }] }],
          });
`,
        "",
      ],
    ],
    expectMessage: /duplicates after the failure/,
  },
  {
    name: "no fence at start-up",
    mistake: "leaving the transactional id unregistered until the first input arrives",
    file: "transactional-processor.ts",
    edits: [["  await (await producer.transaction()).abort();\n", ""]],
    expectMessage: /output of the old instance became visible after its successor started/,
  },
  {
    name: "downstream reads uncommitted",
    mistake: "a downstream consumer reading uncommitted records",
    file: "transactional-processor.ts",
    edits: [
      ["kafka.consumer({ groupId, readUncommitted: false })", "kafka.consumer({ groupId, readUncommitted: true })"],
    ],
    expectMessage: /aborted transaction.*read_committed/,
  },
  {
    name: "new transactional id per instance",
    mistake: "a transactional id that changes on every start (a random suffix)",
    file: "transactional-processor.ts",
    edits: [
      ["transactionalId: options.transactionalId,", "transactionalId: `${options.transactionalId}-${Math.random()}`,"],
    ],
    expectMessage: /transactional id/,
  },
];
