import type { Mutant } from "../../runner/mutants.js";

export const mutants: readonly Mutant[] = [
  {
    name: "new field without default",
    mistake: "adding a field without a default",
    file: "task-event-schemas.ts",
    edits: [['type: ["null", timestamp], default: null,', 'type: ["null", timestamp],']],
    expectMessage: /dueDate the writer never wrote, with no default/,
  },
  {
    name: "renamed field without alias",
    mistake: "renaming a field without an alias",
    file: "task-event-schemas.ts",
    edits: [
      [
        '{ name: "title", type: "string", doc: "What the task asks for." }',
        '{ name: "summary", type: "string", doc: "What the task asks for." }',
      ],
    ],
    expectMessage: /summary the writer never wrote.*renamed field without an alias/,
  },
  {
    name: "removed enum symbol",
    mistake: "removing an enum symbol",
    file: "task-event-schemas.ts",
    edits: [
      [
        'doc: "What happened to the task.",\n          symbols: ["CREATED", "UPDATED", "COMPLETED"],',
        'doc: "What happened to the task.",\n          symbols: ["CREATED", "COMPLETED"],',
      ],
    ],
    expectMessage: /removed enum symbol/,
  },
];
