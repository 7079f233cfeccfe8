// The process a check runs in: run-check.ts forks it in its own process group, sends one request
// over IPC, and kills the whole group (vitest's forks included) when the check must stop.
import { silenceKafkajsNegativeTimeoutWarning } from "../broker/kafkajs-warning.js";
import type { WorkerMessage } from "./run-check.js";
import { runVitestSession, type SessionRequest } from "./vitest-session.js";

silenceKafkajsNegativeTimeoutWarning();
// Load vitest now, while this worker may still be waiting as a warm spare for the next check.
const warm = import("vitest/node");

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
  warm
    .then(() =>
      runVitestSession(
        req,
        (outcome) => void send({ type: "test", outcome }),
        (name) => void send({ type: "test-start", name }),
      ),
    )
    .then((result) => send({ type: "done", result }))
    .catch((e: unknown) => send({ type: "fatal", message: e instanceof Error ? (e.stack ?? e.message) : String(e) }))
    .finally(() => process.disconnect?.());
});
