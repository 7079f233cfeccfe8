import { rm } from "node:fs/promises";
import { isAlive, sessionService } from "../services/session-service.js";
import { registryCacheRoot, startApicurio, stopRegistry, waitUntilServes, type RunningRegistry } from "./apicurio.js";

/** A schema registry the checks can use: its Confluent-API base URL and where it came from. */
export interface SchemaRegistryHandle {
  readonly url: string;
  readonly description: string;
  /** 0 when an existing registry was reused. */
  readonly startMs: number;
}

/**
 * The registry for lesson 7's checks, found like the broker: SCHEMA_REGISTRY_URL, else Apicurio
 * Registry on the JVM. (A container path is left out: the course machines have no container
 * engine to test it on.) The JVM registry is a session service: started by the first check that
 * needs it and shared with later checks while the process that runs the checks (the CLI, or the
 * gate test) lives; it stops by itself when that process ends.
 */
export async function registryForChecks(onProgress: (m: string) => void = () => {}): Promise<SchemaRegistryHandle> {
  const fromEnv = process.env.SCHEMA_REGISTRY_URL;
  if (fromEnv) {
    const url = fromEnv.replace(/\/+$/, "");
    await waitUntilServes(url, 5_000).catch((e: Error) => {
      throw new Error(`SCHEMA_REGISTRY_URL=${url} does not answer GET /subjects: ${e.message}`, { cause: e });
    });
    return { url, description: `SCHEMA_REGISTRY_URL (${url})`, startMs: 0 };
  }
  const { state, reused } = await sessionService<RunningRegistry>({
    name: "schema registry",
    root: registryCacheRoot(),
    start: (ownerPid) => startApicurio(ownerPid, onProgress),
    healthy: async (s) =>
      isAlive(s.pid) &&
      waitUntilServes(s.url, 3_000).then(
        () => true,
        () => false,
      ),
    stop: async (s) => {
      stopRegistry(s.pid);
      await rm(s.logFile, { force: true });
    },
  });
  return reused
    ? { url: state.url, description: `${state.description} (shared)`, startMs: 0 }
    : { url: state.url, description: state.description, startMs: state.startMs };
}
