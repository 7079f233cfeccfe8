import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { checkSkill, COURSE_ROOT } from "./check.js";
import { KEYWORDS_ONLY, PARAPHRASED, QUESTIONS, writeSkill } from "./fixtures.js";
import { formatSkillReport } from "./report.js";
import { loadRubric } from "./rubric/index.js";
import type { RubricItem } from "./rubric/types.js";

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
 * A variant of the reference without one item: every unit that satisfies it is dropped — a
 * block (with its indented continuation lines), or for section-scoped items the whole section.
 * A dropped heading of a block-scoped item is replaced by a neutral one so the structure stays.
 * Returns the file and the reference lines removed.
 */
async function without(item: RubricItem): Promise<{ path: string; removed: Set<number> }> {
  let lines = reference.split("\n").map((text, i) => ({ text, line: i + 1 }));
  const removed = new Set<number>();
  const level = (t: string) => /^(#{1,6})\s/.exec(t)?.[1]?.length ?? 0;
  for (let round = 0; round < 20; round++) {
    const path = await writeSkill(lines.map((l) => l.text).join("\n"));
    const hit = (await checkSkill(path)).items.find((i) => i.id === item.id);
    if (!hit || hit.status === "missing") return { path, removed };
    const i = hit.line - 1;
    const h = level(lines[i]?.text ?? "");
    let end = i + 1;
    if (item.detect.scope === "section" && h > 0) {
      while (end < lines.length && !(level(lines[end]?.text ?? "") > 0 && level(lines[end]?.text ?? "") <= h)) end++;
    } else {
      while (h === 0 && end < lines.length && /^\s{2,}\S/.test(lines[end]?.text ?? "")) end++;
    }
    for (const l of lines.slice(i, end)) removed.add(l.line);
    const neutral =
      h > 0 && item.detect.scope !== "section" ? [{ text: `${"#".repeat(h)} Questions for the user`, line: 0 }] : [];
    lines = [...lines.slice(0, i), ...neutral, ...lines.slice(end)];
  }
  throw new Error(`could not remove ${item.id}`);
}

describe.each(
  rubric
    .filter((i) => refReport.items.some((r) => r.id === i.id && r.status === "found"))
    .map((i) => [i.id, i] as const),
)("a reference without %s", (id, item) => {
  test("fails with that item's message; nothing else goes missing unless it stood in the removed text", async () => {
    const { path, removed } = await without(item);
    const report = await checkSkill(path);
    expect(report.ok).toBe(false);
    const before = new Set(refReport.items.filter((i) => i.status === "missing").map((i) => i.id));
    const newlyMissing = report.items.filter((i) => i.status === "missing" && !before.has(i.id)).map((i) => i.id);
    expect(newlyMissing).toContain(id);
    const collateral = newlyMissing.filter((other) => {
      const was = refReport.items.find((r) => r.id === other);
      return other !== id && !(was?.status === "found" && removed.has(was.line));
    });
    expect(collateral).toEqual([]);
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

describe("--lesson N", () => {
  test("checks lesson 0's context gathering plus the items of every lesson up to N", async () => {
    const lessons = async (n?: number) => [
      ...new Set((await checkSkill(REFERENCE, n === undefined ? {} : { lesson: n })).items.map((i) => i.lesson)),
    ];
    expect(await lessons(0)).toEqual([0]);
    expect(await lessons(2)).toEqual(expect.arrayContaining([0, 2]));
    expect((await lessons(2)).every((l) => l <= 2)).toBe(true);
    expect((await lessons()).length).toBeGreaterThanOrEqual((await lessons(2)).length);
  });
});
