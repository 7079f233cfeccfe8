import type { Mutant } from "../../runner/mutants.js";

const FILE = "saga-envelope.ts";

export const mutants: readonly Mutant[] = [
  {
    name: "copies the whole cause",
    mistake: "spreading the cause into the new event, so its step and followUp leak into it",
    file: FILE,
    edits: [["  return {\n    id: randomUUID(),", "  return {\n    ...cause,\n    id: randomUUID(),"]],
    expectMessage: /spread only extra, never the cause/,
  },
  {
    name: "causation = the cause's causation",
    mistake: "copying the cause's causation id instead of pointing at the cause",
    file: FILE,
    edits: [["    causationId: cause.id,\n", "    causationId: cause.causationId,\n"]],
    expectMessage: /one generation too far back/,
  },
  {
    name: "causation = correlation",
    mistake: "using the correlation id as the causation id",
    file: FILE,
    edits: [["    causationId: cause.id,\n", "    causationId: cause.correlationId,\n"]],
    expectMessage: /that is the correlation id/,
  },
  {
    name: "depth not incremented",
    mistake: "copying the cause's depth instead of adding one",
    file: FILE,
    edits: [["    depth: cause.depth + 1,\n", "    depth: cause.depth,\n"]],
    expectMessage: /depth = the cause's depth \+ 1/,
  },
  {
    name: "limit off by one",
    mistake: "refusing a command at exactly maxDepth",
    file: FILE,
    edits: [
      [
        "  return command.depth > maxDepth ? undefined : command;\n",
        "  return command.depth >= maxDepth ? undefined : command;\n",
      ],
    ],
    expectMessage: /refuse only depth > maxDepth/,
  },
  {
    name: "no depth limit",
    mistake: "never refusing a command, however deep",
    file: FILE,
    edits: [["  return command.depth > maxDepth ? undefined : command;\n", "  return command;\n"]],
    expectMessage: /compare the new command's depth/,
  },
];
