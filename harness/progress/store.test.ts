import { mkdtemp, readdir, readFile, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { emptyProgress, progressPath, readProgress, recordResult, withResult, writeProgress } from "./store.js";

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
