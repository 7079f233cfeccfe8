// The process a check runs in: run-check.ts forks it in its own process group (argv: the project
// root, then the folder it shares with its test process), sends one request over IPC, and kills
// the whole group (vitest's forks included) when the check must stop. It starts its check's
// vitest at once, so as the warm spare it is ready, test process and all, before the request.
import { silenceKafkajsNegativeTimeoutWarning } from "../broker/kafkajs-warning.js";
import type { WorkerMessage } from "./run-check.js";
import { startVitestSession, workerFiles, type SessionRequest } from "./vitest-session.js";

silenceKafkajsNegativeTimeoutWarning();
const [projectRoot, shared] = process.argv.slice(2);
if (!projectRoot || !shared)
  throw new Error("check-worker.ts is forked by CheckWorkers with the project root and its shared folder");
const session = startVitestSession(projectRoot, workerFiles(shared));

const send = (m: WorkerMessage): Promise<void> =>
  new Promise((resolve) => (process.send ? process.send(m, undefined, {}, () => resolve()) : resolve()));

// The harness is gone (its IPC channel closed): nobody wants this check's result any more. The
// whole process group goes, so a test process stuck in a busy loop cannot outlive the course.
process.once("disconnect", () => {
  try {
    process.kill(-process.pid, "SIGKILL");
  } finally {
    process.exit(1);
  }
});

process.once("message", (req: SessionRequest) => {
  session
    .run(
      req,
      (outcome) => void send({ type: "test", outcome }),
      (name) => void send({ type: "test-start", name }),
    )
    .then((result) => send({ type: "done", result }))
    .catch((e: unknown) => send({ type: "fatal", message: e instanceof Error ? (e.stack ?? e.message) : String(e) }))
    .finally(() => process.disconnect?.());
});
