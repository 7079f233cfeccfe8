import type { Mutant } from "../../runner/mutants.js";

export const mutants: readonly Mutant[] = [
  {
    name: "no fromBeginning",
    mistake: "subscribing a new group without fromBeginning, so it starts at the end of the log",
    file: "replay.ts",
    edits: [["await consumer.subscribe({ topic, fromBeginning: true });", "await consumer.subscribe({ topic });"]],
    expectMessage: /fromBeginning/,
  },
  {
    name: "fresh group per read",
    mistake: "a new groupId for every read, so nothing resumes from a committed offset",
    file: "replay.ts",
    edits: [["kafka.consumer({ groupId })", "kafka.consumer({ groupId: `${groupId}-${Date.now()}` })"]],
    expectMessage: /committed offset/,
  },
  {
    name: "reset to latest",
    mistake: "moving the group to the end of the log (the high watermark) instead of the start",
    file: "replay.ts",
    edits: [["offset: p.low", "offset: p.high"]],
    expectMessage: /earliest/,
  },
  {
    name: "consumer left in the group",
    mistake: "returning the batch without disconnecting the consumer",
    file: "replay.ts",
    edits: [
      [
        "  } finally {\n    await consumer.disconnect();\n  }\n  return seen;",
        "  } finally {\n    // kept for the next read\n  }\n  return seen;",
      ],
    ],
    expectMessage: /still lists 1 member/,
  },
  {
    name: "admin left connected",
    mistake: "never disconnecting the admin client after a rewind",
    file: "replay.ts",
    edits: [
      [
        "    await admin.setOffsets({\n      groupId,\n      topic,\n      partitions: offsets.map((p) => ({ partition: p.partition, offset: p.low })),\n    });\n  } finally {\n    await admin.disconnect();\n  }",
        "    await admin.setOffsets({\n      groupId,\n      topic,\n      partitions: offsets.map((p) => ({ partition: p.partition, offset: p.low })),\n    });\n  } finally {\n    // reused later\n  }",
      ],
    ],
    expectMessage: /1 admin\(s\) still connected/,
  },
];
