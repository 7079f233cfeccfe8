import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { PROJECT_ROOT } from "../testing/course-root.js";
import { uniqueName } from "./kafka.js";
import { kafkaArg, recorded, recorderArg, runInLearnerProcess, startLearnerProcess } from "./learner-process.js";

// Inside the project, so the fake learner module resolves the project's node_modules.
await mkdir(join(PROJECT_ROOT, ".course"), { recursive: true });
const root = await mkdtemp(join(PROJECT_ROOT, ".course", "learner-process-test-"));
afterAll(() => rm(root, { recursive: true, force: true }));

test("a module's memory does not survive from one learner process to the next", async () => {
  await mkdir(join(root, "99-fake"), { recursive: true });
  await writeFile(
    join(root, "99-fake", "memo.ts"),
    [
      'import { seen } from "@exercise/99-fake/store.js";',
      "export function remember(id: string) { seen.add(id); return { size: seen.size, pid: process.pid }; }",
    ].join("\n"),
  );
  await writeFile(join(root, "99-fake", "store.ts"), "export const seen = new Set<string>();\n");
  const call = { module: "@exercise/99-fake/memo.js", exportName: "remember", targetRoot: root };
  const a = await runInLearnerProcess<{ size: number; pid: number }>({ ...call, args: ["a"] });
  const b = await runInLearnerProcess<{ size: number; pid: number }>({ ...call, args: ["b"] });
  expect(a.size).toBe(1);
  expect(b.size).toBe(1);
  expect(a.pid).not.toBe(b.pid);
});

test("runs a solution against the broker, serves its result's methods, and can be killed mid-work", async () => {
  const topic = uniqueName("learner-process");
  await runInLearnerProcess({
    module: "@exercise/02-topics-partitions/hello-kafka.js",
    exportName: "ensureTopic",
    args: [kafkaArg, topic, 1],
    targetRoot: join(PROJECT_ROOT, "solutions"),
  });
  const events = [1, 2, 3].map((i) => ({ taskId: `t-${i}`, type: "task.created", title: `title ${i}` }));
  await runInLearnerProcess({
    module: "@exercise/02-topics-partitions/hello-kafka.js",
    exportName: "publishTaskEvents",
    args: [kafkaArg, topic, events],
    targetRoot: join(PROJECT_ROOT, "solutions"),
  });
  const file = join(root, "handled.jsonl");
  const p = await startLearnerProcess<Record<string, never>>({
    module: "@exercise/05-robust-consumers/at-least-once.js",
    exportName: "startAtLeastOnceConsumer",
    args: [kafkaArg, { topic, groupId: uniqueName("lp-group"), handle: recorderArg(file, { hangOn: "t-3" }) }],
    targetRoot: join(PROJECT_ROOT, "solutions"),
  });
  expect(p.methods).toContain("stop");
  const deadline = Date.now() + 20_000;
  while (recorded(file).hung.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(recorded<{ taskId: string }>(file).values.map((v) => v.taskId)).toEqual(["t-1", "t-2"]);
  await p.kill();
});
