import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, inject, test } from "vitest";
import { PROJECT_ROOT } from "../testing/course-root.js";
import "../testkit/provided.js";

const BIN = join(PROJECT_ROOT, "harness", "bin", "kafka-course.js");

async function course(args: string[], env: Record<string, string> = {}) {
  const stateDir = await mkdtemp(join(tmpdir(), "course-state-"));
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
    env: { ...process.env, KAFKA_COURSE_STATE_DIR: stateDir, ...env },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr, stateDir };
}

const suiteBroker = () => ({ KAFKA_BOOTSTRAP_SERVERS: inject("course").connection.brokers.join(",") });

test("--help lists every command", async () => {
  const r = await course(["--help"]);
  expect(r.code).toBe(0);
  for (const c of ["list", "check", "verify", "doctor", "hint", "reset", "skill check"]) expect(r.out).toContain(c);
  expect((await course(["check", "--help"])).out).toMatch(/Exit code 0 when every check passes/);
});

test("an unknown command or exercise is a usage error (exit 2)", async () => {
  expect((await course(["frobnicate"])).code).toBe(2);
  const r = await course(["check", "no-such-exercise"]);
  expect(r.code).toBe(2);
  expect(r.err).toContain('no exercise "no-such-exercise"');
});

test(
  "check: exit 0 on the solution, 1 on the stub with the teaching message, progress recorded",
  { timeout: 120_000 },
  async () => {
    const pass = await course(["check", "hello-kafka", "--solution"], suiteBroker());
    expect(pass.code, pass.err).toBe(0);
    expect(pass.out).toContain("hello-kafka: all 3 checks passed");
    expect(pass.err).toContain("existing cluster at");
    const fail = await course(["check", "hello-kafka"], suiteBroker());
    expect(fail.code).toBe(1);
    expect(fail.out).toContain("Your code threw Error: TODO: create the topic");
    expect(fail.out).toContain("npm run course -- hint hello-kafka");
    const progress = JSON.parse(await readFile(join(fail.stateDir, "progress.json"), "utf8")) as {
      exercises: Record<string, { attempts: number; passed: boolean }>;
    };
    expect(progress.exercises["hello-kafka"]).toMatchObject({ attempts: 1, passed: false });
  },
);

test("hint reveals one more hint each time", async () => {
  const r = await course(["hint", "hello-kafka"]);
  expect(r.out).toContain("Hint 1/3");
  expect(r.out).not.toContain("Hint 2/3");
});

test("doctor says which broker would be used and starts none", async () => {
  const r = await course(["doctor"], { KAFKA_BOOTSTRAP_SERVERS: "" });
  expect(r.out).toMatch(/use {2}jvm: Java 17/);
  expect(r.out).toMatch(/skip env: KAFKA_BOOTSTRAP_SERVERS is not set/);
});

test("Ctrl-C while the course's own broker runs leaves no JVM behind", { timeout: 120_000 }, async () => {
  const stateDir = await mkdtemp(join(tmpdir(), "course-state-"));
  const child = spawn(process.execPath, [BIN, "check", "hello-kafka", "--solution"], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      KAFKA_BOOTSTRAP_SERVERS: "",
      KAFKA_COURSE_PROVIDER: "jvm",
      KAFKA_COURSE_STATE_DIR: stateDir,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  await new Promise<void>((resolve) => {
    child.stderr.on("data", (d: Buffer) => d.toString().includes("[broker] starting the broker JVM") && resolve());
  });
  const jvm = () =>
    spawnSync("pgrep", ["-f", `course[.]owner[.]pid=${child.pid} `], { encoding: "utf8" }).stdout.trim();
  for (let i = 0; i < 50 && !jvm(); i++) await new Promise((r) => setTimeout(r, 100));
  expect(jvm()).not.toBe("");
  await new Promise((r) => setTimeout(r, 1_500));
  child.kill("SIGINT");
  await exited;
  expect(child.signalCode ?? "").toBe("SIGINT");
  for (let i = 0; i < 30 && jvm(); i++) await new Promise((r) => setTimeout(r, 100));
  expect(jvm()).toBe("");
});
