import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { expect, test } from "vitest";
import { PROJECT_ROOT } from "../testing/course-root.js";
import { isAlive, randomClusterId, removeStaleDataDirs, startJvmBroker } from "./jvm-provider.js";
import { waitUntilAnswers } from "./probe.js";

async function eventually(cond: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
}

test("a started JVM broker answers, and stop() leaves no JVM and no data behind", { timeout: 90_000 }, async () => {
  const broker = await startJvmBroker(() => {});
  expect(isAlive(broker.pid)).toBe(true);
  await waitUntilAnswers(broker.connection, 5_000);
  expect(broker.serverProperties).toMatch(/process\.roles=broker,controller/);
  await broker.stop();
  expect(isAlive(broker.pid)).toBe(false);
  expect(existsSync(broker.dataDir)).toBe(false);
  await broker.stop(); // a second stop is harmless
});

test("a harness killed with SIGKILL leaves no broker JVM running", { timeout: 90_000 }, async () => {
  // node --import tsx, not the tsx binary: that one runs the script in a grandchild SIGKILL would not reach.
  const child = spawn(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, "harness/testing/broker-child.ts")], {
    cwd: PROJECT_ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`broker child exited early (${code})`)));
  });
  const { pid, dataDir } = JSON.parse(line) as { pid: number; dataDir: string };
  expect(isAlive(pid)).toBe(true);
  // SIGKILL: no handler in the harness runs. The broker's launcher notices its owner is gone.
  process.kill(child.pid!, "SIGKILL");
  expect(await eventually(() => !isAlive(pid), 20_000)).toBe(true);
  // The data dir of a dead owner is removed by the next start (or here, directly).
  await removeStaleDataDirs();
  expect(existsSync(dataDir)).toBe(false);
});

test("cluster ids are 22 base64url characters and never start with '-'", () => {
  for (let i = 0; i < 2_000; i++) expect(randomClusterId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
});
