import type { Mutant } from "../../runner/mutants.js";

export const mutants: readonly Mutant[] = [
  {
    name: "a group per member",
    mistake: "giving every member its own groupId, so each reads every partition",
    file: "group-scaling.ts",
    edits: [["kafka.consumer({ groupId })", "kafka.consumer({ groupId: `${groupId}-${Math.random()}` })"]],
    expectMessage: /same groupId/,
  },
  {
    name: "idle members left out",
    mistake: "reporting only the members that own partitions, hiding the idle ones",
    file: "group-scaling.ts",
    edits: [['.filter((m) => m.state.memberId !== "")', ".filter((m) => m.state.partitions.length > 0)"]],
    expectMessage: /idle ones with no partitions/,
  },
  {
    name: "stop forgets members",
    mistake: "a stop() that disconnects only the first member",
    file: "group-scaling.ts",
    edits: [
      ["await Promise.all(members.map((m) => m.consumer.disconnect()));", "await members[0]?.consumer.disconnect();"],
    ],
    expectMessage: /still lists [27] member/,
  },
];
