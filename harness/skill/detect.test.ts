import { expect, test } from "vitest";
import { detectItem } from "./detect.js";
import { parseBody } from "./markdown.js";
import type { RubricItem } from "./rubric/types.js";
import { analyse } from "./scope.js";

const item = (detect: RubricItem["detect"]): RubricItem => ({
  id: "probe",
  lesson: 9,
  title: "Probe",
  detect,
  fix: "add the probe",
  example: "Probe?",
});
const retention = item({ as: "question", where: "context", all: [[/retention|how long/]] });
const run = (body: string, probe: RubricItem = retention) => detectItem(analyse(parseBody(body, 1)), probe);

test("units carry file lines; a table row is read with its header; inline code stays text", () => {
  const { units, hidden } = parseBody(
    "# T\n\n| Topic | Ask |\n| - | - |\n| Retention | `retention.ms`? |\n\n```\ncode\n```\n",
    5,
  );
  expect(units.map((u) => [u.kind, u.line, u.raw])).toEqual([
    ["heading", 5, "T"],
    ["row", 7, "Topic — Ask"],
    ["row", 9, "Retention — retention.ms?"],
  ]);
  expect(units[2]?.leadIns).toEqual([1]);
  expect(hidden).toEqual([{ kind: "code", line: 11, text: "code" }]);
});

test("a question is found at its line", () => {
  expect(run("## Ask\n\n- How long must events stay readable?\n")).toMatchObject({ status: "found", line: 3 });
});

test("asked after the first recommendation, at any heading level, says where that was", () => {
  const r = run("### Defaults\n\nUse acks=all for every topic.\n\n# Questions\n\n- What retention do you need?\n");
  expect(r).toMatchObject({ status: "missing", line: 7 });
  expect(r.status === "missing" && r.reason).toMatch(/after the first recommendation on line 3/);
});

test("a refusal to ask negates its list, with its words and line", () => {
  const r = run("Be quick.\n\nDo not ask the user questions; instead assume:\n\n- retention of 7 days\n");
  expect(r.status === "missing" && r.reason).toMatch(/negated by “do not ask” on line 3/);
});

test("an FAQ answer does not ask", () => {
  const r = run("## FAQ\n\n**How long is retention?** Seven days.\n");
  expect(r.status === "missing" && r.reason).toMatch(/in an FAQ/);
});

test("a question inside a code block is named as such", () => {
  const r = run("## Ask\n\n```\nHow long must events stay?\n```\n");
  expect(r.status === "missing" && r.reason).toMatch(/inside a code block on line 3/);
});

test("a keyword that is not asked is reported as not asked", () => {
  const r = run("## Notes\n\n- retention\n");
  expect(r.status === "missing" && r.reason).toMatch(/mentioned on line 3 but not asked/);
});

test("a rule as a question does not count; a wrong form fails even beside the right one", () => {
  const acks = item({
    as: "statement",
    all: [[/acks/], [/all/]],
    wrong: [{ pattern: /acks\s?=\s?1\b/, why: "acks=1 loses records" }],
  });
  expect(run("- Should we use acks=all?\n", acks)).toMatchObject({
    status: "missing",
    reason: expect.stringMatching(/only as a question/),
  });
  expect(run("- Use acks=all.\n- Use acks=1 for payments.\n", acks)).toMatchObject({
    status: "missing",
    line: 2,
    reason: expect.stringMatching(/line 2 says “acks=1”: acks=1 loses records/),
  });
  expect(run("- Use acks=all, never acks=1.\n", acks)).toMatchObject({ status: "found", line: 1 });
  expect(run("- Use acks=all: acks=1 loses records when the leader fails.\n", acks)).toMatchObject({ status: "found" });
});
