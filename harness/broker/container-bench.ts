// Measures the Testcontainers provider next to the JVM provider: broker start to "ready" and one
// exercise's check on a warm broker. Run where an engine and the image are available:
//   npx tsx harness/broker/container-bench.ts [exercise-id] [rounds]
import { loadCourse, projectPaths } from "../content/loader.js";
import { contextFor } from "../runner/context.js";
import { CheckWorkers } from "../runner/run-check.js";
import { PROJECT_ROOT } from "../testing/course-root.js";
import { startContainerBroker } from "./container-provider.js";
import { silenceKafkajsNegativeTimeoutWarning } from "./kafkajs-warning.js";
import { startJvmBroker } from "./jvm-provider.js";
import type { RunningBroker } from "./types.js";

silenceKafkajsNegativeTimeoutWarning();
const exerciseId = process.argv[2] ?? "hello-kafka";
const rounds = Number(process.argv[3] ?? 3);
const course = await loadCourse(PROJECT_ROOT);
const exercise = course.lessons.flatMap((l) => l.exercises).find((e) => e.id === exerciseId);
if (!exercise || exercise.kind !== "code") throw new Error(`no code exercise "${exerciseId}"`);
const solutions = projectPaths(PROJECT_ROOT).solutions;
const workers = new CheckWorkers(PROJECT_ROOT, { keepWarm: true });

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function measure(label: string, start: () => Promise<RunningBroker>): Promise<void> {
  const starts: number[] = [];
  const checks: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const broker = await start();
    starts.push(broker.startMs);
    try {
      // The first check also warms the runner's worker; the next ones are what a learner feels.
      for (let j = 0; j < 3; j++) {
        const r = await workers.run({
          testFiles: [exercise!.hiddenTestPath],
          targetRoot: solutions,
          projectRoot: PROJECT_ROOT,
          context: contextFor(broker),
        });
        if (r.status !== "passed")
          throw new Error(`${label}: the solution did not pass: ${r.status} ${r.problem ?? ""}`);
        if (j > 0) checks.push(r.durationMs);
      }
    } finally {
      await broker.stop();
    }
  }
  process.stdout.write(
    `${label}: start to ready ${starts.join(", ")} ms (median ${median(starts)}); ` +
      `${exerciseId} check on a warm broker ${checks.join(", ")} ms (median ${median(checks)})\n`,
  );
}

await measure("jvm", () => startJvmBroker(() => {}));
await measure("testcontainers", () => startContainerBroker(() => {}));
workers.close();
