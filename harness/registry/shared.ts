import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { open, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isAlive } from "../broker/jvm-provider.js";
import { registryCacheRoot, startApicurio, stopRegistry, waitUntilServes } from "./apicurio.js";

/** A schema registry the checks can use: its Confluent-API base URL and where it came from. */
export interface SchemaRegistryHandle {
  readonly url: string;
  readonly description: string;
  /** 0 when an existing registry was reused. */
  readonly startMs: number;
}

interface SharedState {
  readonly url: string;
  readonly pid: number;
  readonly ownerPid: number;
  readonly startMs: number;
  readonly description: string;
}

/**
 * The registry for lesson 7's checks, found like the broker: SCHEMA_REGISTRY_URL, else Apicurio
 * Registry on the JVM. (A container path is left out: the course machines have no container
 * engine to test it on.) The JVM registry is started lazily by the first check that needs it and
 * shared with later checks of the same course session, i.e. while the process that runs the checks
 * (the CLI, or the gate test) lives; it stops by itself when that process ends.
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
  const root = registryCacheRoot();
  mkdirSync(root, { recursive: true });
  await removeStale(root);
  const ownerPid = sessionOwnerPid();
  const stateFile = join(root, `shared-${ownerPid}.json`);
  const lockFile = `${stateFile}.lock`;
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const reused = await reusable(stateFile);
    if (reused) return { url: reused.url, description: `${reused.description} (shared)`, startMs: 0 };
    const lock = await open(lockFile, "wx").catch(() => undefined);
    if (!lock) {
      // Another check is starting it; a lock left by a dead process is removed.
      const holder = Number(await readFile(lockFile, "utf8").catch(() => "0"));
      if (holder > 0 && !isAlive(holder)) await rm(lockFile, { force: true });
      await new Promise((r) => setTimeout(r, 300));
      continue;
    }
    try {
      await lock.writeFile(String(process.pid));
      const started = await startApicurio(ownerPid, onProgress);
      const state: SharedState = { ...started, ownerPid };
      await writeFile(stateFile, JSON.stringify(state));
      return { url: started.url, description: started.description, startMs: started.startMs };
    } finally {
      await lock.close();
      await rm(lockFile, { force: true });
    }
  }
  throw new Error("timed out waiting for another check to start the schema registry");
}

async function reusable(stateFile: string): Promise<SharedState | undefined> {
  const state = await readFile(stateFile, "utf8").then(
    (s) => JSON.parse(s) as SharedState,
    () => undefined,
  );
  if (!state || !isAlive(state.pid)) return undefined;
  const ok = await waitUntilServes(state.url, 3_000).then(
    () => true,
    () => false,
  );
  return ok ? state : undefined;
}

/** Registries whose session ended: their JVM stops by itself; this removes what is left. */
async function removeStale(root: string): Promise<void> {
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const m = /^shared-(\d+)\.json$/.exec(name);
    if (!m || isAlive(Number(m[1]))) continue;
    const state = await readFile(join(root, name), "utf8").then(
      (s) => JSON.parse(s) as SharedState,
      () => undefined,
    );
    if (state) stopRegistry(state.pid);
    await rm(join(root, name), { force: true });
    if (state) await rm(join(root, `registry-${new URL(state.url).port}.log`), { force: true });
  }
}

/**
 * The process that owns this course session. Checks run in a worker process group the runner kills
 * after each check (vitest's forks included), so the owner is the nearest ancestor outside our own
 * process group: the CLI or the gate test. Falls back to this process.
 */
export function sessionOwnerPid(): number {
  try {
    const info = (pid: number): [number, number] => {
      const out = execFileSync("ps", ["-o", "ppid=,pgid=", "-p", String(pid)], { encoding: "utf8" }).trim();
      const [ppid, pgid] = out.split(/\s+/).map(Number);
      return [ppid ?? 0, pgid ?? 0];
    };
    const [, ownGroup] = info(process.pid);
    let pid = process.ppid;
    for (let i = 0; i < 10 && pid > 1; i++) {
      const [ppid, pgid] = info(pid);
      if (pgid !== ownGroup) return pid;
      pid = ppid;
    }
  } catch {
    // no `ps`: the registry lives as long as this process
  }
  return process.pid;
}
