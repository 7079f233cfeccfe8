import type { Mutant } from "../../runner/mutants.js";

export const mutants: readonly Mutant[] = [
  {
    name: "-1 used as an offset",
    mistake: "subtracting fetchOffsets' -1 on a partition the group never committed on",
    file: "lag-report.ts",
    edits: [["const from = offset >= 0 ? offset : Number(p.low);", "const from = offset;"]],
    expectMessage: /never committed on this partition.*-1/,
  },
  {
    name: "low as the log end",
    mistake: "taking the oldest retained offset (low) for the log-end offset",
    file: "lag-report.ts",
    edits: [["const logEnd = Number(p.high);", "const logEnd = Number(p.low);"]],
    expectMessage: /log-end offset .*`high`/,
  },
  {
    name: "off by one",
    mistake: "treating the committed offset as the last event read instead of the next to read",
    file: "lag-report.ts",
    edits: [["lag: logEnd - from,", "lag: logEnd - from - 1,"]],
    expectMessage: /already is the next offset to read/,
  },
  {
    name: "admin left connected",
    mistake: "never disconnecting the admin client (a report run every minute leaks a connection each time)",
    file: "lag-report.ts",
    edits: [["    await admin.disconnect();\n", ""]],
    expectMessage: /1 admin\(s\) still connected/,
  },
];
