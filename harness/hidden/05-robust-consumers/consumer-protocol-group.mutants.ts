import type { Mutant } from "../../runner/mutants.js";

export const mutants: readonly Mutant[] = [
  {
    name: "classic protocol",
    mistake: "leaving the group on the classic protocol (no groupProtocol: 'consumer')",
    file: "consumer-protocol.ts",
    edits: [['    groupProtocol: "consumer",\n', ""]],
    expectMessage: /lists it as a "classic" group.*groupProtocol: 'consumer'/,
  },
  {
    name: "mode earliest",
    mistake: "mode 'earliest', which re-reads every partition from offset 0 after each rebalance",
    file: "consumer-protocol.ts",
    edits: [['mode: "committed",', 'mode: "earliest",']],
    expectMessage: /started again at offset 0.*mode 'earliest'/,
  },
  {
    name: "fallback latest",
    mistake: "fallbackMode 'latest': a new group skips what is already on the topic",
    file: "consumer-protocol.ts",
    edits: [['fallbackMode: "earliest",', 'fallbackMode: "latest",']],
    expectMessage: /fallbackMode 'latest'/,
  },
  {
    name: "no commit",
    mistake: "never committing what was handled",
    file: "consumer-protocol.ts",
    edits: [["        await message.commit();\n", ""]],
    expectMessage: /commit each record after handle resolved/,
  },
];
