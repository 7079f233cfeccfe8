import type { Mutant } from "../../runner/mutants.js";

export const mutants: readonly Mutant[] = [
  {
    name: "stuck read as growing",
    mistake: "calling a group that processes nothing 'slow' because its lag grows",
    file: "lag-classifier.ts",
    edits: [
      [
        'if (stuck) return "stuck";\n  if (growing) return "growing";',
        'if (growing) return "growing";\n  if (stuck) return "stuck";',
      ],
    ],
    expectMessage: /committed offset never moved/,
  },
  {
    name: "idle read as stuck",
    mistake: "calling an idle group with no lag stuck because its committed offset does not move",
    file: "lag-classifier.ts",
    edits: [["const stuck = last.lag > 0 && last.committed", "const stuck = last.committed"]],
    expectMessage: /idle group is not stuck/,
  },
  {
    name: "only the ends",
    mistake: "comparing the first and last sample only, which hides a spike",
    file: "lag-classifier.ts",
    edits: [["const peak = Math.max(...samples.map((s) => s.lag));", "const peak = Math.max(first.lag, last.lag);"]],
    expectMessage: /spike.*look at the peak/,
  },
  {
    name: "no interval",
    mistake: "taking all samples at once instead of over time",
    file: "lag-classifier.ts",
    edits: [["if (i > 0) await new Promise((r) => setTimeout(r, watch.intervalMs));", ""]],
    expectMessage: /spanned only .* same moment/,
  },
  {
    name: "admin left connected",
    mistake: "a sampler that connects an admin client and never disconnects it",
    file: "lag-classifier.ts",
    edits: [["  } finally {\n    await admin.disconnect();\n  }", "  } finally {\n    void admin;\n  }"]],
    expectMessage: /1 admin\(s\) still connected/,
  },
];
