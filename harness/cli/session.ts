import { defaultProviders, startBroker } from "../broker/chain.js";
import type { RunningBroker } from "../broker/types.js";
import { stopAllChecks } from "../runner/run-check.js";

/**
 * The session's one broker: started through the provider chain, stopped exactly once on exit,
 * SIGINT, SIGTERM or SIGHUP, so no JVM or container outlives the course.
 */
export async function openBroker(onProgress: (m: string) => void, signal?: AbortSignal): Promise<RunningBroker> {
  const broker = await startBroker(defaultProviders(), onProgress, signal);
  stopOnSignals(broker);
  return broker;
}

export function stopOnSignals(broker: RunningBroker): void {
  let stopping = false;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    stopAllChecks();
    void broker.stop().finally(() => {
      process.exitCode = sig === "SIGINT" ? 130 : 143;
      process.kill(process.pid, sig === "SIGHUP" ? "SIGHUP" : sig);
    });
  };
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(sig, onSignal);
}
