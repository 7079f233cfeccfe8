import type { Session } from "./session.js";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
type Signal = (typeof SIGNALS)[number];

/**
 * Closes the session when the course is told to stop (SIGINT, SIGTERM, SIGHUP) or when its parent
 * is gone (npm killed, the terminal closed: the process is re-parented), then dies of the same
 * signal so the shell sees why. Every process the session started goes with it; what it cannot
 * reach (a JVM, PostgreSQL) watches this process and exits by itself if this one is SIGKILLed.
 */
export function closeOnShutdown(session: Session, before: (sig: Signal) => void = () => {}): () => void {
  const parent = process.ppid;
  let done = false;
  const stop = (sig: Signal): void => {
    if (done) return;
    done = true;
    dispose();
    before(sig);
    // A second signal while closing is answered at once.
    for (const s of SIGNALS) process.once(s, () => process.kill(process.pid, "SIGKILL"));
    void session.close().finally(() => {
      for (const s of SIGNALS) process.removeAllListeners(s);
      process.kill(process.pid, sig);
    });
  };
  const handlers = SIGNALS.map((s) => [s, () => stop(s)] as const);
  for (const [s, h] of handlers) process.on(s, h);
  const orphaned = setInterval(() => process.ppid !== parent && stop("SIGHUP"), 500).unref();
  const dispose = (): void => {
    clearInterval(orphaned);
    for (const [s, h] of handlers) process.off(s, h);
  };
  return dispose;
}
