import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { checkSkill, COURSE_ROOT } from "./check.js";

/**
 * The format rules agree with the Agent Skills reference validator, `agentskills validate`
 * from PyPI's skills-ref 0.1.1 (.ci/run installs it into .course/skills-ref; AGENTSKILLS_BIN
 * names another). Deliberate differences stay out of this corpus: skills-ref reads YAML with
 * strictyaml, where every scalar is a string, while assistants' loaders see `version: 1.0` as a
 * number, so the course's checker also checks types; it also wants a body and a "when".
 */
const BIN = process.env.AGENTSKILLS_BIN ?? join(COURSE_ROOT, ".course", "skills-ref", "bin", "agentskills");
const available = existsSync(BIN);
const WHEN = "Designs Kafka event flows. Use when building Kafka producers or consumers.";

const fm = (lines: string) => `---\n${lines}\n---\n\n# Skill\n\nBody.\n`;
const cases: [name: string, folder: string, text: string][] = [
  ["valid minimal", "kafka-events", fm(`name: kafka-events\ndescription: ${WHEN}`)],
  [
    "valid with every optional field",
    "kafka-events",
    fm(
      `name: kafka-events\ndescription: ${WHEN}\nlicense: MIT\ncompatibility: Kafka 4.x\nmetadata:\n  course: kafka\nallowed-tools: Read Grep`,
    ),
  ],
  ["name differs from the folder", "kafka-event", fm(`name: kafka-events\ndescription: ${WHEN}`)],
  ["uppercase name", "Kafka-Events", fm(`name: Kafka-Events\ndescription: ${WHEN}`)],
  ["underscore in the name", "kafka_events", fm(`name: kafka_events\ndescription: ${WHEN}`)],
  ["leading hyphen", "-kafka", fm(`name: "-kafka"\ndescription: ${WHEN}`)],
  ["trailing hyphen", "kafka-", fm(`name: kafka-\ndescription: ${WHEN}`)],
  ["consecutive hyphens", "kafka--events", fm(`name: kafka--events\ndescription: ${WHEN}`)],
  ["a Unicode lowercase name", "café-events", fm(`name: café-events\ndescription: ${WHEN}`)],
  ["name of 64 characters", "a".repeat(64), fm(`name: ${"a".repeat(64)}\ndescription: ${WHEN}`)],
  ["name of 65 characters", "a".repeat(65), fm(`name: ${"a".repeat(65)}\ndescription: ${WHEN}`)],
  ["description of 1024 characters", "k", fm(`name: k\ndescription: ${WHEN}${"x".repeat(1024 - WHEN.length)}`)],
  ["description of 1025 characters", "k", fm(`name: k\ndescription: ${WHEN}${"x".repeat(1025 - WHEN.length)}`)],
  ["compatibility of 500 characters", "k", fm(`name: k\ndescription: ${WHEN}\ncompatibility: ${"c".repeat(500)}`)],
  ["compatibility of 501 characters", "k", fm(`name: k\ndescription: ${WHEN}\ncompatibility: ${"c".repeat(501)}`)],
  ["missing name", "kafka-events", fm(`description: ${WHEN}`)],
  ["missing description", "kafka-events", fm("name: kafka-events")],
  ["empty description", "kafka-events", fm('name: kafka-events\ndescription: ""')],
  ["unknown field", "kafka-events", fm(`name: kafka-events\ndescription: ${WHEN}\nmodel: sonnet`)],
  ["no frontmatter", "kafka-events", "# Skill\n\nBody.\n"],
  ["unclosed frontmatter", "kafka-events", `---\nname: kafka-events\ndescription: ${WHEN}\n\n# Skill\n`],
];

async function skillFolder(folder: string, text: string): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), "skills-ref-")), folder);
  await mkdir(dir);
  await writeFile(join(dir, "SKILL.md"), text);
  return dir;
}

if (!available && process.env.CI) {
  test("the reference validator is installed", () => {
    throw new Error(`agentskills not found at ${BIN}: .ci/run installs PyPI skills-ref==0.1.1 into .course/skills-ref`);
  });
}

describe.skipIf(!available)(`the format verdict agrees with agentskills validate (${BIN})`, () => {
  test.each(cases)(
    "%s",
    async (_name, folder, text) => {
      const dir = await skillFolder(folder, text);
      const reference = spawnSync(BIN, ["validate", dir], { encoding: "utf8", timeout: 30_000 });
      expect(reference.error).toBeUndefined();
      const report = await checkSkill(dir, { lesson: 0 });
      const errors = report.findings.filter((f) => f.severity === "error");
      expect(
        errors.length === 0,
        `agentskills: ${reference.stdout}${reference.stderr}\nours: ${errors.map((f) => f.code).join(", ")}`,
      ).toBe(reference.status === 0);
    },
    60_000,
  );
});

if (!available && !process.env.CI) {
  console.warn(
    `skipped: the Agent Skills reference validator is not installed (${BIN}); install it with\n` +
      "  python3 -m venv .course/skills-ref && .course/skills-ref/bin/pip install skills-ref==0.1.1",
  );
}
