import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { render } from "ink";
import { defaultProviders, startBroker } from "../broker/chain.js";
import type { RunningBroker } from "../broker/types.js";
import { gitHead } from "../cli/commands.js";
import { findExercise, loadCourse } from "../content/loader.js";
import { readProgress, recordResult } from "../progress/store.js";
import { checkExercise } from "../runner/check-exercise.js";
import { contextFor } from "../runner/context.js";
import { keepWorkerWarm, stopAllChecks } from "../runner/run-check.js";
import { checkSkill } from "../skill/index.js";
import { App, type AppServices } from "./App.js";
import { uiServices } from "./ui-services.js";

/** The composition root of the interactive course: real services in, one broker out on exit. */
export async function runApp(root: string): Promise<number> {
  const t0 = performance.now();
  const course = await loadCourse(root);
  const { progress, warning } = await readProgress(root);
  let broker: RunningBroker | undefined;
  const ac = new AbortController();
  keepWorkerWarm(true);

  const services: AppServices = {
    root,
    ...uiServices(course, root),
    checkLimitMs: 120_000, // runCheck's default budget; the Session should hand its own
    async startBroker(onProgress) {
      broker = await startBroker(defaultProviders(), onProgress, ac.signal);
      return broker;
    },
    check(exerciseId, signal, onTest) {
      const exercise = findExercise(course, exerciseId);
      if (!exercise) throw new Error(`no exercise ${exerciseId}`);
      return checkExercise({
        projectRoot: root,
        exercise,
        target: "exercises",
        ...(broker && { context: contextFor(broker) }),
        signal,
        onTest,
      });
    },
    async record(exerciseId, passed, hintsShown) {
      return recordResult(root, exerciseId, passed, hintsShown);
    },
    async reset(exerciseId) {
      const e = findExercise(course, exerciseId);
      if (!e) return "no such exercise";
      const original = gitHead(root, e.stubPath);
      if (original === undefined) return "The original stub is not in git; your file is unchanged.";
      const dir = join(root, ".course", "backups");
      await mkdir(dir, { recursive: true });
      const backup = join(dir, `${e.id}-${new Date().toISOString().replaceAll(":", "-")}.bak`);
      await copyFile(e.stubPath, backup);
      await writeFile(e.stubPath, original);
      return `Reset to the starting stub. Your version is saved in ${backup}`;
    },
    async checkSkill() {
      const skillExercise = course.lessons.flatMap((l) => l.exercises).find((e) => e.kind === "skill");
      return skillExercise ? checkSkill(skillExercise.stubPath, { root }) : undefined;
    },
  };

  const app = render(
    <App course={course} progress={progress} services={services} {...(warning && { startupNotice: warning })} />,
    {
      exitOnCtrlC: true,
      alternateScreen: true,
    },
  );
  if (process.env.KAFKA_COURSE_TIMING)
    process.stderr.write(`[timing] course map rendered in ${Math.round(performance.now() - t0)} ms\n`);
  const stop = async () => {
    ac.abort();
    keepWorkerWarm(false);
    stopAllChecks();
    await broker?.stop();
  };
  for (const sig of ["SIGTERM", "SIGHUP"] as const) {
    process.once(sig, () => {
      app.unmount();
      void stop().finally(() => process.kill(process.pid, sig));
    });
  }
  try {
    await app.waitUntilExit();
  } finally {
    await stop();
  }
  return 0;
}
