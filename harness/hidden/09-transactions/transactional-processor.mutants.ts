import type { Mutant } from "../../runner/mutants.js";

const SEND_OFFSETS = `          await tx.sendOffsets({
            consumerGroupId: groupId,
            topics: [{ topic, partitions: [{ partition, offset: (BigInt(message.offset) + 1n).toString() }] }],
          });
`;

export const mutants: readonly Mutant[] = [
  {
    name: "offsets outside the transaction",
    mistake: "letting the consumer commit offsets instead of sending them inside the transaction",
    file: "transactional-processor.ts",
    edits: [
      ["autoCommit: false,", "autoCommit: true,"],
      [SEND_OFFSETS, ""],
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
  {
    name: "offsets committed after the transaction",
    mistake: "committing the group's offsets with the consumer right after tx.commit(), outside the transaction",
    file: "transactional-processor.ts",
    edits: [
      [SEND_OFFSETS, ""],
      [
        "          await tx.commit();\n",
        "          await tx.commit();\n          await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);\n",
      ],
    ],
    expectMessage: /plain OffsetCommit request.*outside the transaction/,
  },
  {
    name: "readOutputs stays in its group",
    mistake: "a downstream reader that returns without disconnecting its consumer",
    file: "transactional-processor.ts",
    edits: [
      [
        "  } finally {\n    await consumer.disconnect();\n  }\n  return seen;",
        "  } finally {\n    void consumer;\n  }\n  return seen;",
      ],
    ],
    expectMessage: /still has 1 member\(s\) after readOutputs returned/,
  },
];
