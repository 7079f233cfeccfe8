import { expect, inject, test } from "vitest";
import { PROJECT_ROOT } from "../testing/course-root.js";
import { runBench } from "./bench.js";
import "../testkit/provided.js";

test(
  "the benchmark times a check and a save → verdict of hello-kafka on the shared broker",
  { timeout: 120_000 },
  async () => {
    const out: string[] = [];
    const err: string[] = [];
    const report = await runBench({
      root: PROJECT_ROOT,
      ids: ["hello-kafka"],
      repeat: 1,
      pauseMs: 0,
      context: inject("course"),
      io: { out: (s) => out.push(s), err: (s) => err.push(s) },
    });
    expect(report.rows.map((r) => r.problems)).toEqual([[]]);
    expect(report.rows[0]?.check?.n).toBe(1);
    expect(report.rows[0]?.saveToVerdict?.n).toBe(1);
    expect(report.exitCode).toBe(0);
    expect(out.join("\n")).toMatch(/^hello-kafka\s+\d+\.\d\d \/ \d+\.\d\d \/ \d+\.\d\d\s+\d+\.\d\d/m);
  },
);

test("an unknown exercise id is refused with the command that lists them", async () => {
  const err: string[] = [];
  const report = await runBench({
    root: PROJECT_ROOT,
    ids: ["no-such"],
    io: { out: () => {}, err: (s) => err.push(s) },
  });
  expect(report.exitCode).toBe(1);
  expect(err.join("\n")).toMatch(/no exercise no-such; npm run course -- list/);
});
