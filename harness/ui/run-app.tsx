import { render } from "ink";
import type { RunningBroker } from "../broker/types.js";
import { Session } from "../session/session.js";
import { closeOnShutdown } from "../session/shutdown.js";
import { checkSkill } from "../skill/index.js";
import { DEFAULT_BUDGET_MS } from "../runner/run-check.js";
import { App, type AppServices } from "./App.js";
import { uiServices } from "./ui-services.js";

/** The composition root of the interactive course: a Session in, the app as its view. */
export async function runApp(root: string): Promise<number> {
  const t0 = performance.now();
  const session = await Session.open({ root, keepWarm: true });

  const services: AppServices = {
    root,
    ...uiServices(session.course, root, async () => {
      const cluster = await session.runningService("cluster");
      return cluster && { brokers: cluster.bootstrap };
    }),
    checkLimitMs: DEFAULT_BUDGET_MS,
    watch: (listener) => session.subscribe(listener),
    startBroker(onProgress) {
      const unsubscribe = session.subscribe((e) => {
        if (e.type === "broker" && e.status.state === "starting") onProgress(e.status.message);
      });
      return (session.startBroker() as Promise<RunningBroker>).finally(unsubscribe);
    },
    async check(exerciseId, signal, onTest, onTestStart) {
      const exercise = session.exercise(exerciseId);
      if (!exercise) throw new Error(`no exercise ${exerciseId}`);
      return (await session.check(exercise, { signal, onTest, ...(onTestStart && { onTestStart }) })).result;
    },
    async record(exerciseId, passed, hintsShown) {
      // A check's result is recorded by the session itself (and only when it was an attempt).
      if (passed !== undefined || hintsShown === undefined) return session.progress;
      return (await session.hint(exerciseId)).recorded.progress;
    },
    async reset(exerciseId) {
      return (await session.reset(exerciseId)).message;
    },
    async checkSkill() {
      const skillExercise = session.course.lessons.flatMap((l) => l.exercises).find((e) => e.kind === "skill");
      return skillExercise ? checkSkill(skillExercise.stubPath, { root }) : undefined;
    },
  };

  const app = render(
    <App
      course={session.course}
      progress={session.progress}
      services={services}
      {...(session.progressWarning && { startupNotice: session.progressWarning })}
    />,
    { exitOnCtrlC: true, alternateScreen: true },
  );
  if (process.env.KAFKA_COURSE_TIMING)
    process.stderr.write(`[timing] course map rendered in ${Math.round(performance.now() - t0)} ms\n`);
  const dispose = closeOnShutdown(session, () => app.unmount());
  try {
    await app.waitUntilExit();
  } finally {
    dispose();
    await session.close();
  }
  return 0;
}
