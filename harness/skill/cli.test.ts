import { describe, expect, test } from "vitest";
import { runSkillCli, type CliIo } from "./cli.js";
import { KEYWORDS_ONLY, PARAPHRASED, writeSkill } from "./fixtures.js";
import type { SkillReport } from "./types.js";

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (s) => stdout.push(s), err: (s) => stderr.push(s) };
}

describe("skill check [path] [--lesson N] [--json]", () => {
  test("exit 0 and a readable report when the skill passes", async () => {
    const io = capture();
    expect(await runSkillCli(["check", await writeSkill(PARAPHRASED), "--lesson", "0"], io)).toBe(0);
    expect(io.stdout.join("\n")).toMatch(/Lesson 0: 17\/17[\s\S]*✓ The skill passes/);
  });

  test("exit 1 with the missing items and their fixes", async () => {
    const io = capture();
    expect(await runSkillCli(["skill", "check", await writeSkill(KEYWORDS_ONLY), "--lesson=0"], io)).toBe(1);
    const text = io.stdout.join("\n");
    expect(text).toMatch(/✗ Expected throughput .*\[ctx-throughput\]: mentioned on line \d+ but not asked/);
    expect(text).toMatch(/e\.g\. What throughput do you expect/);
  });

  test("--json prints the report as data", async () => {
    const io = capture();
    expect(await runSkillCli(["check", "--json", "--lesson", "0", await writeSkill(KEYWORDS_ONLY)], io)).toBe(1);
    const report = JSON.parse(io.stdout.join("\n")) as SkillReport;
    expect(report.ok).toBe(false);
    expect(report.lesson).toBe(0);
    expect(report.coverage).toEqual([{ lesson: 0, found: 0, total: 17 }]);
    expect(report.items.find((i) => i.id === "ctx-throughput")).toMatchObject({
      status: "missing",
      line: expect.any(Number),
    });
  });

  test.each([
    [["lint"]],
    [["check", "--lesson"]],
    [["check", "--lesson", "x"]],
    [["check", "a", "b"]],
    [["check", "--fast"]],
  ])("usage errors exit 2: %j", async (argv) => {
    const io = capture();
    expect(await runSkillCli(argv, io)).toBe(2);
    expect(io.stderr.join("\n")).toMatch(/usage: npm run course -- skill check/);
  });
});
