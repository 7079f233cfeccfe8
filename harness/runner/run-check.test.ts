import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, test } from "vitest";
import { PROJECT_ROOT } from "../testing/course-root.js";
import { CheckWorkers, runCheck } from "./run-check.js";
import "../testkit/provided.js";

/**
 * The runner against learner code that misbehaves. Fixtures are written at test time under
 * .course/ (ignored by git, tsc and eslint) because some of them are deliberately broken.
 */
const base = join(PROJECT_ROOT, ".course", "runner-fixtures");
const checkFile = join(base, "demo.check.ts");
/** Hidden checks whose own setup goes wrong: none of these may read as a pass. */
const faulty: Record<string, string> = {
  "setup-throws": [
    'import { beforeAll, describe, test } from "vitest";',
    'describe("with a setup", () => {',
    '  beforeAll(() => { throw new Error("the check\'s setup broke"); });',
    '  test("never runs", () => {});',
    "});",
  ].join("\n"),
  skipped: ['import { test } from "vitest";', 'test("runs", () => {});', 'test.skip("skipped", () => {});'].join("\n"),
  empty: ['import { describe } from "vitest";', 'describe("nothing", () => {});'].join("\n"),
  "course-error": [
    'import { test } from "vitest";',
    'import { CourseError } from "../../harness/runner/types.js";',
    'test("needs a service", () => { throw new CourseError("No registry here.", "Set SCHEMA_REGISTRY_URL."); });',
  ].join("\n"),
};

const variants: Record<string, string> = {
  ok: "export async function answer(): Promise<number> { return 42; }",
  wrong: "export async function answer(): Promise<number> { return 41; }",
  throws: 'export async function answer(): Promise<number> { throw new Error("TODO: write answer"); }',
  hangs: "export function answer(): Promise<number> { return new Promise(() => {}); }",
  busy: "export async function answer(): Promise<number> { for (;;) {} }",
  syntax: "export async function answer(): Promise<number> { return 42 ",
  "throws-on-import": 'throw new Error("broken at import");\nexport const answer = 1;',
};

beforeAll(async () => {
  await rm(base, { recursive: true, force: true });
  for (const [name, code] of Object.entries(variants)) {
    await mkdir(join(base, name, "demo"), { recursive: true });
    await writeFile(join(base, name, "demo", "code.ts"), code);
  }
  for (const [name, code] of Object.entries(faulty)) await writeFile(join(base, `${name}.check.ts`), code);
  await writeFile(
    checkFile,
    [
      'import { test } from "vitest";',
      'import { answer } from "@exercise/demo/code.js";',
      'import { teach } from "../../harness/testkit/teach.js";',
      'test("answer() resolves to 42", async () => {',
      "  const got = await answer();",
      '  teach(got === 42, { expected: "42", actual: String(got), see: "lesson 99, section “Demo”" });',
      "});",
      'test("a second check that passes", () => {});',
    ].join("\n"),
  );
});

const run = (variant: string, extra: { budgetMs?: number; testTimeoutMs?: number; signal?: AbortSignal } = {}) =>
  runCheck({
    testFiles: [checkFile],
    targetRoot: join(base, variant),
    projectRoot: PROJECT_ROOT,
    context: inject("course"),
    testTimeoutMs: extra.testTimeoutMs ?? 3_000,
    budgetMs: extra.budgetMs ?? 30_000,
    ...(extra.signal && { signal: extra.signal }),
  });

describe("runCheck", () => {
  test("passing code: every test passed, with names; each test is announced as it starts", async () => {
    const started: string[] = [];
    const r = await runCheck({
      testFiles: [checkFile],
      targetRoot: join(base, "ok"),
      projectRoot: PROJECT_ROOT,
      context: inject("course"),
      onTestStart: (name) => started.push(name),
    });
    expect(started).toEqual(["answer() resolves to 42", "a second check that passes"]);
    expect(r.status).toBe("passed");
    expect(r.tests.map((t) => [t.name, t.state])).toEqual([
      ["answer() resolves to 42", "passed"],
      ["a second check that passes", "passed"],
    ]);
  });

  test("a failed expectation reads as expected / what happened / where to look", async () => {
    const r = await run("wrong");
    expect(r.status).toBe("failed");
    expect(r.tests[0]?.message).toBe("Expected: 42\nWhat happened: 41\nSee: lesson 99, section “Demo”");
    expect(r.tests[1]?.state).toBe("passed");
  });

  test("a thrown error names the learner's file and line", async () => {
    const r = await run("throws");
    expect(r.tests[0]?.message).toMatch(/^Your code threw Error: TODO: write answer\n {2}at .*demo\/code\.ts:1:\d+/);
  });

  test("a promise that never settles is stopped by the per-test timeout", async () => {
    const r = await run("hangs");
    expect(r.status).toBe("failed");
    expect(r.tests[0]?.message).toMatch(/did not finish within 3 s/);
  });

  test("a busy loop is noticed by the heartbeat, long before the budget", { timeout: 90_000 }, async () => {
    const r = await run("busy", { budgetMs: 60_000, testTimeoutMs: 60_000 });
    expect(r.status).toBe("timed-out");
    expect(r.problem).toMatch(/never yields \(a busy loop\?\)/);
    expect(r.durationMs).toBeLessThan(40_000);
  });

  test("a check over its budget is stopped and reported as such", { timeout: 60_000 }, async () => {
    const r = await run("hangs", { budgetMs: 4_000, testTimeoutMs: 30_000 });
    expect(r.status).toBe("timed-out");
    expect(r.problem).toMatch(/stopped after 4 s/);
  });

  test("a syntax error is a load error, not a test failure", async () => {
    const r = await run("syntax");
    expect(r.status).toBe("load-error");
    expect(r.problem).toMatch(/could not be loaded/);
  });

  test("an error thrown while importing is a load error", async () => {
    const r = await run("throws-on-import");
    expect(r.status).toBe("load-error");
    expect(r.problem).toMatch(/broken at import/);
  });

  test("an aborted check stops promptly", { timeout: 60_000 }, async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 1_500);
    const t0 = Date.now();
    const r = await run("busy", { signal: ac.signal, budgetMs: 60_000 });
    expect(r.status).toBe("cancelled");
    expect(r.problem).toMatch(/cancelled; it does not count as an attempt/);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  test.each([
    ["setup-throws", "failed", /setup failed, so some checks did not run:[^]*setup broke/],
    ["skipped", "failed", /1 of 2 checks did not run: skipped/],
    ["empty", "course-error", /not your code[^]*No test found in suite/],
    ["course-error", "course-error", /not your code[^]*No registry here\.\nSet SCHEMA_REGISTRY_URL\./],
  ])("a check whose setup goes wrong (%s) is never a pass: %s", async (name, status, problem) => {
    const r = await runCheck({
      testFiles: [join(base, `${name}.check.ts`)],
      targetRoot: join(base, "ok"),
      projectRoot: PROJECT_ROOT,
      context: inject("course"),
      testTimeoutMs: 3_000,
    });
    expect(r.status, JSON.stringify(r)).toBe(status);
    expect(r.problem).toMatch(problem);
  });

  test("a run leaves process.exitCode as it was", async () => {
    const before = process.exitCode;
    await run("wrong");
    expect(process.exitCode).toBe(before);
  });

  // The warm spare has its test process running before any check is asked of it; if that process
  // dies while it waits, the check that then arrives must not read as the learner's crash.
  test.runIf(process.platform === "linux")(
    "a test process that dies while its worker waits is the course's fault, not an attempt",
    async () => {
      const workers = new CheckWorkers(PROJECT_ROOT, { keepWarm: true });
      try {
        const [spare] = workers.pids();
        expect(spare).toBeDefined();
        // Killed once it is up and waiting (its setup file beats), as when a spare idles for long.
        const shared = readFileSync(`/proc/${spare}/cmdline`, "utf8").split("\0").filter(Boolean).pop() ?? "";
        const fork = await waitFor(() => testProcessOf(spare ?? 0), 30_000);
        await waitFor(() => (existsSync(join(shared, "heartbeat")) ? true : undefined), 30_000);
        process.kill(fork, "SIGKILL");
        const r = await workers.run({
          testFiles: [checkFile],
          targetRoot: join(base, "ok"),
          projectRoot: PROJECT_ROOT,
          context: inject("course"),
        });
        expect(r.status, JSON.stringify(r)).toBe("course-error");
        expect(r.problem).toMatch(/not your code/);
      } finally {
        workers.close();
      }
    },
  );
});

// A worker that dies before its test process took the request (it could not start, or was killed)
// ran no learner code: the course's fault. Before this rule it read "Does your code call process.exit()?".
test("a check worker that dies before it ran the learner's code is the course's fault, not an attempt", async () => {
  const workers = new CheckWorkers(PROJECT_ROOT);
  try {
    const run = workers.run({
      testFiles: [checkFile],
      targetRoot: join(base, "ok"),
      projectRoot: PROJECT_ROOT,
      context: inject("course"),
    });
    const [worker] = workers.pids();
    expect(worker).toBeDefined();
    process.kill(worker ?? 0, "SIGKILL");
    const r = await run;
    expect(r.status, JSON.stringify(r)).toBe("course-error");
    expect(r.problem).toMatch(/before it ran your code[^]*not your code/);
  } finally {
    workers.close();
  }
});

/** The pid of vitest's test process (its `forks` worker) in the process group of worker `pgid`. */
function testProcessOf(pgid: number): number | undefined {
  const pids = execFileSync("pgrep", ["-g", String(pgid)], { encoding: "utf8" })
    .split("\n")
    .map(Number);
  return pids.find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("workers/forks.js");
    } catch {
      return false;
    }
  });
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`nothing after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
