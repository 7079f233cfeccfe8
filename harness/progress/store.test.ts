import { mkdtemp, readdir, readFile, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import {
  emptyProgress,
  progressPath,
  readProgress,
  recordResult,
  takeOver,
  withResult,
  writeProgress,
} from "./store.js";

const root = () => mkdtemp(join(tmpdir(), "progress-"));

test("no file yet: empty progress, no warning", async () => {
  expect(await readProgress(await root())).toEqual({ progress: emptyProgress() });
});

test("records attempts, a pass and hints, and reads them back", async () => {
  const r = await root();
  await recordResult(r, "hello-kafka", false);
  await recordResult(r, "hello-kafka", undefined, 2);
  await recordResult(r, "hello-kafka", true);
  await recordResult(r, "hello-kafka", false); // a later failure does not undo the pass
  const p = (await readProgress(r)).progress.exercises["hello-kafka"];
  expect(p).toMatchObject({ attempts: 3, passed: true, hintsShown: 2 });
  expect(p?.passedAt).toBeDefined();
  expect((await readdir(join(r, ".course"))).filter((f) => f.endsWith(".tmp"))).toEqual([]);
});

test("a corrupt file is moved aside and reported, never silently lost", async () => {
  const r = await root();
  await mkdir(join(r, ".course"));
  await writeFile(progressPath(r), '{"version": 1, "exercises": {"a": ');
  const loaded = await readProgress(r);
  expect(loaded.progress).toEqual(emptyProgress());
  expect(loaded.warning).toMatch(/not valid JSON.*kept as .*progress\.corrupt-.*\.json/);
  const backups = (await readdir(join(r, ".course"))).filter((f) => f.startsWith("progress.corrupt-"));
  expect(backups).toHaveLength(1);
  expect(await readFile(join(r, ".course", backups[0]!), "utf8")).toBe('{"version": 1, "exercises": {"a": ');
});

test("an unknown version is kept aside with the reason", async () => {
  const r = await root();
  await mkdir(join(r, ".course"));
  await writeFile(progressPath(r), JSON.stringify({ version: 7, exercises: {} }));
  expect((await readProgress(r)).warning).toMatch(/version 7, this course reads version 1/);
});

test("writeProgress refuses to write invalid progress", async () => {
  const r = await root();
  const bad = withResult(emptyProgress(), "x", true);
  await writeProgress(r, bad);
  await expect(writeProgress(r, { ...bad, version: 2 } as never)).rejects.toThrow();
});

test("concurrent writers from separate processes keep every result", { timeout: 60_000 }, async () => {
  const r = await root();
  const script = `import { recordResult } from ${JSON.stringify(join(import.meta.dirname, "store.ts"))};
await recordResult(process.argv[1], "ex-" + process.argv[2], true);`;
  const { spawn } = await import("node:child_process");
  const run = (i: number) =>
    new Promise<number>((resolve) => {
      const p = spawn(process.execPath, ["--input-type=module", "-e", script, r, String(i)], {
        stdio: "ignore",
      });
      p.on("exit", (code) => resolve(code ?? -1));
    });
  const codes = await Promise.all(Array.from({ length: 25 }, (_, i) => run(i)));
  expect(codes.every((c) => c === 0)).toBe(true);
  expect(Object.keys((await readProgress(r)).progress.exercises)).toHaveLength(25);
  expect((await readdir(join(r, ".course"))).filter((f) => f.endsWith(".tmp") || f.endsWith(".lock"))).toEqual([]);
});

test("a progress path that is a directory: a warning with what to do, the result kept in memory", async () => {
  const r = await root();
  await mkdir(progressPath(r), { recursive: true });
  const loaded = await readProgress(r);
  expect(loaded.unusable).toBe(true);
  expect(loaded.warning).toMatch(/is a directory: progress is kept in memory only\. Move it away/);
  const recorded = await recordResult(r, "hello-kafka", true);
  expect(recorded.progress.exercises["hello-kafka"]?.passed).toBe(true);
  expect(recorded.warning).toMatch(/is a directory/);
});

test("a lock read as stale but taken by a live process since is left to that process", async () => {
  // The race CI met (20 of 25 results kept): a waiter read the lock of a holder that then
  // released it and exited, saw a dead pid, and removed the lock a live process had just taken.
  const r = await root();
  await mkdir(join(r, ".course"));
  const lock = `${progressPath(r)}.lock`;
  await writeFile(lock, `${process.pid} live-holder`);
  await takeOver(lock, "999999 dead-holder");
  expect(await readFile(lock, "utf8")).toBe(`${process.pid} live-holder`);
  await writeFile(lock, "999999 dead-holder");
  await takeOver(lock, "999999 dead-holder");
  await expect(readFile(lock, "utf8")).rejects.toThrow(/ENOENT/);
  expect((await readdir(join(r, ".course"))).filter((f) => f.endsWith(".takeover"))).toEqual([]);
  // Another process is taking the lock over right now: this one leaves it to that one.
  await writeFile(lock, "999999 dead-holder");
  await writeFile(`${lock}.takeover`, "999998");
  await takeOver(lock, "999999 dead-holder");
  expect(await readFile(lock, "utf8")).toBe("999999 dead-holder");
});
