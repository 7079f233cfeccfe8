import { spawnSync } from "node:child_process";
import { copyFile, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, inject, test } from "vitest";
import { findExercise, loadCourse } from "../content/loader.js";
import { emptyProgress } from "../progress/store.js";
import { PROJECT_ROOT } from "../testing/course-root.js";
import { initialState, mapRows } from "./state.js";
import "../testkit/provided.js";

/**
 * The real app in a real terminal (tmux): open the map, go to "Hello, Kafka", check the stub,
 * put the solution in place, and see the watcher's pass and the progress it recorded.
 */
const tmux = (...args: string[]) => spawnSync("tmux", ["-L", "course-e2e", ...args], { encoding: "utf8" });
const screen = () => tmux("capture-pane", "-t", "e2e", "-p").stdout;

async function waitFor(pattern: RegExp, ms: number): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (pattern.test(screen())) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`screen never showed ${pattern}:\n${screen()}`);
}

test(
  "learner flow in a real terminal: map → exercise → failing check → save the solution → pass",
  { timeout: 120_000 },
  async () => {
    expect(spawnSync("tmux", ["-V"]).status, "tmux is needed for this test (apt-get install tmux)").toBe(0);
    const course = await loadCourse(PROJECT_ROOT);
    const hello = findExercise(course, "hello-kafka")!;
    const rows = mapRows(course);
    const moves =
      rows.findIndex((r) => r.kind === "exercise" && r.exercise.id === "hello-kafka") -
      initialState(course, emptyProgress()).cursor;
    const stateDir = await mkdtemp(join(tmpdir(), "course-e2e-"));
    const backup = join(stateDir, "hello-kafka.stub.ts");
    await copyFile(hello.stubPath, backup);
    // Ink renders only the last frame when CI is set: the learner's terminal never has it.
    const env = `KAFKA_BOOTSTRAP_SERVERS=${inject("course").connection.brokers.join(",")} KAFKA_COURSE_STATE_DIR=${stateDir}`;
    tmux("kill-server");
    const t0 = Date.now();
    tmux(
      "new-session",
      "-d",
      "-s",
      "e2e",
      "-x",
      "120",
      "-y",
      "40",
      `cd ${PROJECT_ROOT} && env -u CI ${env} ${process.execPath} harness/bin/kafka-course.js`,
    );
    try {
      await waitFor(/Hello, Kafka/, 15_000);
      const mapMs = Date.now() - t0;
      await waitFor(/ready in/, 15_000);
      for (let i = 0; i < Math.abs(moves); i++) tmux("send-keys", "-t", "e2e", moves > 0 ? "j" : "k");
      await waitFor(/❯ +· Hello, Kafka/, 5_000);
      tmux("send-keys", "-t", "e2e", "Enter");
      await waitFor(/Edit exercises\/02-topics-partitions\/hello-kafka\.ts/, 5_000);
      tmux("send-keys", "-t", "e2e", "c");
      await waitFor(/3 of 3 checks failed/, 30_000);
      expect(screen()).toContain("Your code threw Error: TODO: create the topic");

      await copyFile(hello.solutionPath, hello.stubPath);
      const verdictMs = await waitFor(/All 3 checks passed/, 30_000);
      // The verdict is drawn first and the progress file written right after: read it once it is.
      const readHello = async () =>
        (
          JSON.parse(await readFile(join(stateDir, "progress.json"), "utf8").catch(() => "{}")) as {
            exercises?: Record<string, { passed: boolean; attempts: number }>;
          }
        ).exercises?.["hello-kafka"];
      const deadline = Date.now() + 5_000;
      while (!(await readHello())?.passed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await readHello()).toMatchObject({ passed: true, attempts: 2 });
      tmux("send-keys", "-t", "e2e", "Escape");
      await waitFor(/✓ Hello, Kafka/, 5_000);
      tmux("send-keys", "-t", "e2e", "q");
      process.stderr.write(`[e2e] app open → course map ${mapMs} ms; save → verdict ${verdictMs} ms\n`);
    } finally {
      await copyFile(backup, hello.stubPath);
      tmux("kill-server");
    }
  },
);
