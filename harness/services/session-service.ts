import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { open, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isAlive } from "../broker/jvm-provider.js";

export { isAlive };

/**
 * A service the checks need besides the broker (the schema registry, PostgreSQL, a three-broker
 * cluster): started by the first check that needs it, then shared by later checks of the same
 * course session. Checks run in worker processes the runner kills after each check, so the
 * service belongs to the session owner (the CLI or the gate test, see `sessionOwnerPid`) and must
 * stop by itself when that process is gone.
 */
export interface SessionServiceSpec<S> {
  /** Shown in messages, e.g. "schema registry". */
  readonly name: string;
  /** Folder for `shared-<ownerPid>.json` and its lock. */
  readonly root: string;
  /** Starts a service that stops by itself when `ownerPid` dies. */
  start(ownerPid: number): Promise<S>;
  /** Whether a recorded service still answers. */
  healthy(state: S): Promise<boolean>;
  /** Removes what a service of a dead session left behind. */
  stop(state: S): Promise<void>;
  /** How long to wait for another check that is starting it; default 180 s. */
  readonly startTimeoutMs?: number;
}

export interface SessionServiceHandle<S> {
  readonly state: S;
  /** True when another check of this session had started it already. */
  readonly reused: boolean;
}

/** The running service of this session: reused if recorded and healthy, else started once, under a lock. */
export async function sessionService<S>(spec: SessionServiceSpec<S>): Promise<SessionServiceHandle<S>> {
  mkdirSync(spec.root, { recursive: true });
  await removeStale(spec);
  const ownerPid = sessionOwnerPid();
  const stateFile = join(spec.root, `shared-${ownerPid}.json`);
  const lockFile = `${stateFile}.lock`;
  const deadline = Date.now() + (spec.startTimeoutMs ?? 180_000);
  while (Date.now() < deadline) {
    const recorded = await readState<S>(stateFile);
    if (recorded !== undefined && (await spec.healthy(recorded))) return { state: recorded, reused: true };
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
      // Checked again under the lock: the previous holder may have just recorded it.
      const again = await readState<S>(stateFile);
      if (again !== undefined && (await spec.healthy(again))) return { state: again, reused: true };
      const state = await spec.start(ownerPid);
      await writeFile(stateFile, JSON.stringify(state));
      return { state, reused: false };
    } finally {
      await lock.close();
      await rm(lockFile, { force: true });
    }
  }
  throw new Error(`timed out waiting for another check to start the ${spec.name}`);
}

async function readState<S>(file: string): Promise<S | undefined> {
  return readFile(file, "utf8").then(
    (s) => JSON.parse(s) as S,
    () => undefined,
  );
}

/** Services whose session ended: they stop by themselves; this removes what is left. */
async function removeStale<S>(spec: SessionServiceSpec<S>): Promise<void> {
  for (const name of await readdir(spec.root).catch(() => [] as string[])) {
    const m = /^shared-(\d+)\.json$/.exec(name);
    if (!m || isAlive(Number(m[1]))) continue;
    const state = await readState<S>(join(spec.root, name));
    if (state !== undefined) await spec.stop(state).catch(() => {});
    await rm(join(spec.root, name), { force: true });
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
    // no `ps`: the service lives as long as this process
  }
  return process.pid;
}
