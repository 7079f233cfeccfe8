import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
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
  // npm runs the course through a shell: when npm is killed the shell lives on, so watch every ancestor.
  const ancestors = ancestorPids();
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
  const orphaned = setInterval(() => ancestors.some((p) => !running(p)) && stop("SIGHUP"), 500).unref();
  const dispose = (): void => {
    clearInterval(orphaned);
    for (const [s, h] of handlers) process.off(s, h);
  };
  return dispose;
}

/** This process's ancestors below init, nearest first (Linux: /proc; elsewhere `ps`). */
export function ancestorPids(): number[] {
  const out: number[] = [];
  let pid = process.ppid;
  while (pid > 1 && out.length < 32) {
    out.push(pid);
    pid = parentOf(pid);
  }
  return out;
}

function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    try {
      return Number(execFileSync("ps", ["-o", "ppid=", "-p", String(pid)], { encoding: "utf8" }).trim());
    } catch {
      return 0;
    }
  }
}

/** Alive and not a zombie (a killed parent that nobody has reaped yet is gone for our purposes). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
  } catch {
    return true;
  }
}
