import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { checkSkill } from "./check.js";
import { FRONTMATTER, PARAPHRASED, writeSkill } from "./fixtures.js";
import { MAX_BYTES } from "./read-skill.js";

const codes = async (path: string) => (await checkSkill(path, { lesson: 0 })).findings.map((f) => f.code);

describe("reading a SKILL.md from anyone executes nothing", () => {
  test.each(["js", "javascript", " js", "coffee"])(
    "---%s frontmatter that would write a file is refused",
    async (lang) => {
      const marker = join(tmpdir(), `skill-pwned-${process.pid}-${lang.trim()}`);
      const code = `require("fs").writeFileSync(${JSON.stringify(marker)}, "pwned"); ({ name: "kafka-events" })`;
      const report = await checkSkill(await writeSkill(`---${lang}\n${code}\n---\n\n# Body\n`), { lesson: 0 });
      expect(existsSync(marker)).toBe(false);
      expect(report.ok).toBe(false);
      expect(report.findings[0]?.code).toBe("FRONTMATTER_LANGUAGE");
      expect(report.findings[0]?.message).toMatch(/not allowed; use YAML/);
    },
  );

  test("YAML tags that other parsers turn into code stay data", async () => {
    const text = `---\nname: kafka-events\ndescription: !!js/function "function () { return 1 }"\n---\n\nbody\n`;
    const report = await checkSkill(await writeSkill(text), { lesson: 0 });
    expect(report.ok).toBe(false);
  });
});

describe("broken files get a clear error", () => {
  test("bad YAML names the problem and how to quote", async () => {
    const text = `---\nname: kafka-events\ndescription: Use when: designing topics\n---\n\nbody\n`;
    const report = await checkSkill(await writeSkill(text), { lesson: 0 });
    const f = report.findings[0];
    expect(f?.code).toBe("FRONTMATTER_INVALID");
    expect(f?.message).toMatch(/not valid YAML/);
    expect(f?.fix).toMatch(/Quote/);
    expect(report.ok).toBe(false);
  });

  test("a name that differs from the folder is reported with both names", async () => {
    const report = await checkSkill(await writeSkill(PARAPHRASED, "kafka-event"), { lesson: 0 });
    const f = report.findings.find((x) => x.code === "NAME_MISMATCH_FOLDER");
    expect(f?.message).toContain('"kafka-events"');
    expect(f?.message).toContain('"kafka-event"');
    expect(f?.line).toBe(2);
    expect(report.ok).toBe(false);
  });

  test("missing frontmatter, binary, non-UTF-8 and oversized files", async () => {
    expect(await codes(await writeSkill("# Just a heading\n"))).toContain("FRONTMATTER_MISSING");
    expect(await codes(await writeSkill("---\nname: kafka-events\n\n# body\n"))).toContain("FRONTMATTER_UNCLOSED");
    expect(await codes(await writeSkill(Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01])))).toContain("FILE_BINARY");
    expect(await codes(await writeSkill(Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x41])))).toContain(
      "FILE_NOT_UTF8",
    );
    expect(await codes(await writeSkill(`${FRONTMATTER}${"x".repeat(MAX_BYTES)}`))).toContain("FILE_TOO_LARGE");
    expect(await codes(join(tmpdir(), "no-such-skill", "SKILL.md"))).toContain("FILE_UNREADABLE");
  });

  test("CRLF line endings and a BOM are fine", async () => {
    const report = await checkSkill(await writeSkill(`\uFEFF${PARAPHRASED.replaceAll("\n", "\r\n")}`), { lesson: 0 });
    expect(report.ok).toBe(true);
  });
});

describe("the Agent Skills format", () => {
  const fm = (lines: string) => writeSkill(`---\n${lines}\n---\n${PARAPHRASED.split("---\n")[2]}`);

  test.each([
    ["description: Use when building Kafka things.", "NAME_MISSING"],
    ["name: Kafka_Events\ndescription: Use when building Kafka things.", "NAME_INVALID"],
    ["name: kafka--events\ndescription: Use when building Kafka things.", "NAME_INVALID"],
    [`name: ${"a".repeat(65)}\ndescription: Use when building Kafka things.`, "NAME_TOO_LONG"],
    ["name: kafka-events", "DESCRIPTION_MISSING"],
    ['name: kafka-events\ndescription: ""', "DESCRIPTION_MISSING"],
    [`name: kafka-events\ndescription: Use when ${"x".repeat(1020)}`, "DESCRIPTION_TOO_LONG"],
    ["name: kafka-events\ndescription: Kafka helper.", "DESCRIPTION_NO_WHEN"],
    ["name: kafka-events\ndescription: Use when building.\ncompatibility: 3", "COMPATIBILITY_INVALID"],
    ["name: kafka-events\ndescription: Use when building.\nmetadata:\n  version: 1.0", "METADATA_INVALID"],
    ["name: kafka-events\ndescription: Use when building.\nallowed-tools: [Read]", "ALLOWED_TOOLS_INVALID"],
    ["name: kafka-events\ndescription: Use when building.\nlicense: 5", "LICENSE_INVALID"],
  ])("%s → %s", async (lines, code) => {
    const report = await checkSkill(await fm(lines), { lesson: 0 });
    expect(report.findings.map((f) => f.code)).toContain(code);
    expect(report.ok).toBe(false);
  });

  test("an unknown field is an error, as in the reference validator; a long body is a warning", async () => {
    const body = `${PARAPHRASED.split("---\n")[2]}${"\n- more guidance".repeat(520)}`;
    const report = await checkSkill(
      await writeSkill(`---\nname: kafka-events\ndescription: Use when building.\nmodel: x\n---\n${body}`),
      { lesson: 0 },
    );
    expect(report.findings.map((f) => [f.code, f.severity])).toEqual([
      ["FIELD_UNKNOWN", "error"],
      ["BODY_TOO_LONG", "warning"],
    ]);
    expect(report.ok).toBe(false);
  });

  test.each([
    "Kafka helper. WHEN: designing topics.",
    "Kafka helper; use this skill for producer reviews.",
    "Reviews Kafka code when the user asks about consumers.",
  ])("a description that says when to use the skill passes: %s", async (d) => {
    expect(await codes(await fm(`name: kafka-events\ndescription: ${d}`))).not.toContain("DESCRIPTION_NO_WHEN");
  });

  test("an empty body fails", async () => {
    expect(await codes(await writeSkill(FRONTMATTER))).toContain("BODY_MISSING");
  });
});
