import { describe, expect, test } from "vitest";
import { checkSkill } from "./check.js";
import { FRONTMATTER, writeSkill } from "./fixtures.js";
import { MAX_BYTES } from "./read-skill.js";

/**
 * Adversarial bodies up to the size limit: each must be answered within a second of CPU time
 * (the process's own, so other work on a shared machine does not count). The design makes it
 * linear: micromark behind tame() (bounded delimiters per paragraph and nesting), bounded
 * patterns, a tagger cap per unit. The slow inputs of issue #14 took 6 to 138 s.
 */
const room = MAX_BYTES - FRONTMATTER.length - 64;
const fill = (unit: string) => unit.repeat(Math.floor(room / unit.length));

// A deterministic generator of word salad drawn from the lexicons' own words.
function salad(seed: number): string {
  const words = [
    "ask",
    "acks=all",
    "do",
    "not",
    "before",
    "recommend",
    "retention",
    "how",
    "long",
    "?",
    "Q:",
    "in-memory",
    "set",
    "exactly-once",
    "everywhere",
    "retry",
    "forever",
    "offset",
    "dedupe",
    "by",
    "|",
    "-",
    "#",
    "`",
    "*",
    "\n",
    "\n\n",
    ">",
    "1.",
    "<!--",
    "-->",
  ];
  let x = seed;
  let out = "";
  while (out.length < room) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += `${words[x % words.length]} `;
  }
  return out.slice(0, room);
}

const cases: [string, string][] = [
  ["a heading of spaces", `#${" ".repeat(room - 4)}x\n`],
  ["a paragraph of <", fill("<")],
  ["nested emphasis openers", fill("*_")],
  ["a table of pipes", `| a | b |\n| - | - |\n${fill("| x |\n")}`],
  ["deeply nested lists", fill("- ").replace(/- /g, (m, i: number) => (i % 200 === 0 ? "\n" : m))],
  ["nested blockquotes", fill("> ")],
  ["one long sentence of lexicon words", fill("ask how long retention acks 1 before recommend ")],
  ["wrong forms with no end", fill("exactly-once a b c ")],
  ["retries without a stop", fill("retry a b c d e f ")],
  ["a heading per line", fill("## ask how long?\n")],
  ["many short list items", fill("- acks=1 for events?\n")],
  ["HTML comments never closed", fill("<!-- ")],
  ["backticks", fill("`` ` ")],
  ["word salad 1", salad(1)],
  ["word salad 2", salad(2)],
  ["word salad 3", salad(3)],
];

describe("every adversarial input up to the size limit is answered within 1 s", () => {
  test.each(cases)(
    "%s",
    async (_name, body) => {
      const path = await writeSkill(`${FRONTMATTER}\n${body}`);
      await checkSkill(path, { lesson: 0 }); // warms the tagger and the rubric for this file
      // CPU time of this process: other work on a shared machine does not count, the check's own does.
      const before = process.cpuUsage();
      const report = await checkSkill(path);
      const used = process.cpuUsage(before);
      const ms = (used.user + used.system) / 1000;
      expect(report.items.length).toBeGreaterThan(0);
      expect(ms, `${_name}: ${Math.round(ms)} ms`).toBeLessThanOrEqual(1000);
    },
    30_000,
  );
});
