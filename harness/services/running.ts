import { isAlive } from "../broker/jvm-provider.js";
import type { RunningService } from "./types.js";

interface Described {
  readonly url: string;
  readonly description: string;
}

/** A service someone else runs (found through its environment variable): checked by asking it, never stopped. */
export function external(service: Described, answers: (url: string) => Promise<boolean>): RunningService<Described> {
  return {
    description: service.description,
    startMs: 0,
    context: { url: service.url, description: service.description },
    healthy: () => answers(service.url),
    stop: async () => {},
  };
}

/** A service the course started: healthy while its process lives and it answers; stopped with the session. */
export function started(
  service: Described & { readonly pid: number; readonly startMs: number },
  answers: (url: string) => Promise<boolean>,
  stop: () => Promise<void>,
): RunningService<Described> {
  return {
    description: service.description,
    startMs: service.startMs,
    context: { url: service.url, description: service.description },
    healthy: async () => isAlive(service.pid) && answers(service.url),
    stop,
  };
}

/** `answers(url)` for a wait that rejects when the service does not answer in time. */
export const answersWithin =
  (wait: (url: string, ms: number) => Promise<unknown>, ms = 3_000) =>
  (url: string): Promise<boolean> =>
    wait(url, ms).then(
      () => true,
      () => false,
    );
