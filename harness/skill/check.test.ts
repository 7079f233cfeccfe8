import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { checkSkill, COURSE_ROOT } from "./check.js";
import { KEYWORDS_ONLY, PARAPHRASED, QUESTIONS, writeSkill } from "./fixtures.js";
import { formatSkillReport } from "./report.js";
import { loadRubric } from "./rubric/index.js";

const REFERENCE = join(COURSE_ROOT, "solutions", "skill", "kafka-events", "SKILL.md");
const reference = await readFile(REFERENCE, "utf8");
const rubric = await loadRubric();
const refReport = await checkSkill(REFERENCE);

describe("the reference skill", () => {
  test("passes every lesson's rubric with no error finding", () => {
    expect(refReport.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(
      refReport.items.filter((i) => i.status === "missing").map((i) => `${i.id} (lesson ${i.lesson})`),
      "lesson authors: add each item's rule to solutions/skill/kafka-events/SKILL.md under “## Recommendations”, one ### heading per lesson",
    ).toEqual([]);
    expect(refReport.ok).toBe(true);
  });
});

/**
 * A variant of the reference without one item: every block that satisfies the item is dropped
 * (a heading is replaced by a neutral one, so the document keeps its structure).
 */
async function without(id: string): Promise<string> {
  let lines = reference.split("\n");
  for (let round = 0; round < 10; round++) {
    const path = await writeSkill(lines.join("\n"));
    const hit = (await checkSkill(path)).items.find((i) => i.id === id);
    if (!hit || hit.status === "missing") return path;
    const i = hit.line - 1;
    const isHeading = /^#{1,6}\s/.test(lines[i] ?? "");
    let end = i + 1;
    while (!isHeading && end < lines.length && /^\s{2,}\S/.test(lines[end] ?? "")) end++;
    lines = [
      ...lines.slice(0, i),
      ...(isHeading ? [`${/^#+/.exec(lines[i] ?? "")?.[0]} Questions for the user`] : []),
      ...lines.slice(end),
    ];
  }
  throw new Error(`could not remove ${id}`);
}

describe.each(
  rubric
    .filter((i) => refReport.items.some((r) => r.id === i.id && r.status === "found"))
    .map((i) => [i.id, i] as const),
)("a reference without %s", (id, item) => {
  test("fails with that item's message, and only that item is missing", async () => {
    const report = await checkSkill(await without(id));
    expect(report.ok).toBe(false);
    const before = new Set(refReport.items.filter((i) => i.status === "missing").map((i) => i.id));
    expect(report.items.filter((i) => i.status === "missing" && !before.has(i.id)).map((i) => i.id)).toEqual([id]);
    const text = formatSkillReport(report);
    expect(text).toContain(item.fix);
    expect(text).toContain(item.example);
  });
});

describe("context gathering", () => {
  test.each([
    ["an 'ask about' lead-in list", PARAPHRASED],
    ["paraphrased questions", QUESTIONS],
  ])("%s passes lesson 0", async (_name, text) => {
    const report = await checkSkill(await writeSkill(text), { lesson: 0 });
    expect(report.items.filter((i) => i.status === "missing").map((i) => i.id)).toEqual([]);
    expect(report.ok).toBe(true);
  });

  test("listing the keywords without asking fails every topic and says why", async () => {
    const report = await checkSkill(await writeSkill(KEYWORDS_ONLY), { lesson: 0 });
    expect(report.ok).toBe(false);
    const topics = report.items.filter((i) => i.id !== "ctx-ask-first");
    expect(topics.filter((i) => i.status === "found").map((i) => i.id)).toEqual([]);
    expect(topics.filter((i) => i.status === "missing" && /not asked/.test(i.reason ?? "")).length).toBe(topics.length);
  });

  test("questions placed after the recommendations fail", async () => {
    const moved = PARAPHRASED.replace("## Discovery first", "## Guidance first\n\n- Use acks=all.\n\n## Discovery");
    const report = await checkSkill(await writeSkill(moved), { lesson: 0 });
    expect(report.ok).toBe(false);
    expect(report.findings.map((f) => f.code)).toContain("CONTEXT_AFTER_RECOMMENDATIONS");
  });

  test("a negated ask does not count", async () => {
    const text = PARAPHRASED.replace("- peak events per second\n", "").replace(
      "## Guidance",
      "Don't ask about peak events per second.\n\n## Guidance",
    );
    const report = await checkSkill(await writeSkill(text), { lesson: 0 });
    expect(report.items.find((i) => i.id === "ctx-throughput")?.status).toBe("missing");
  });

  test("HTML comments and code blocks never count", async () => {
    const text = PARAPHRASED.replace("- peak events per second\n", "<!-- - peak events per second? -->\n").replace(
      "## Guidance",
      "```\nWhat throughput do you expect?\n```\n\n## Guidance",
    );
    const report = await checkSkill(await writeSkill(text), { lesson: 0 });
    expect(report.items.find((i) => i.id === "ctx-throughput")?.status).toBe("missing");
  });
});
