import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

/** The only module that reads or writes .course/progress.json. */
export const PROGRESS_VERSION = 1;

const exerciseProgress = z
  .object({
    attempts: z.number().int().min(0),
    passed: z.boolean(),
    passedAt: z.string().optional(),
    hintsShown: z.number().int().min(0),
    lastRunAt: z.string().optional(),
  })
  .strict();

const progressSchema = z
  .object({
    version: z.literal(PROGRESS_VERSION),
    exercises: z.record(z.string(), exerciseProgress),
  })
  .strict();

export type Progress = z.infer<typeof progressSchema>;
export type ExerciseProgress = z.infer<typeof exerciseProgress>;

export interface LoadedProgress {
  readonly progress: Progress;
  /** Set when the file was unreadable: it was moved aside, never silently dropped. */
  readonly warning?: string;
  /** The file cannot be used at all (a directory, no permission): progress lives in memory only. */
  readonly unusable?: true;
}

export const emptyProgress = (): Progress => ({ version: PROGRESS_VERSION, exercises: {} });

/** KAFKA_COURSE_STATE_DIR moves the progress file (tests, or a shared machine); default: <root>/.course. */
export function stateDir(root: string): string {
  return process.env.KAFKA_COURSE_STATE_DIR ?? join(root, ".course");
}

export function progressPath(root: string): string {
  return join(stateDir(root), "progress.json");
}

/**
 * The progress on disk. Never throws: a file that cannot be read (corrupt, a directory, no
 * permission) gives an empty progress and a warning saying what happened and what to do.
 */
export async function readProgress(root: string): Promise<LoadedProgress> {
  const path = progressPath(root);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { progress: emptyProgress() };
    return { progress: emptyProgress(), warning: unusable(path, e as NodeJS.ErrnoException), unusable: true };
  }
  let why: string;
  try {
    const parsed = progressSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { progress: parsed.data };
    const version = (JSON.parse(text) as { version?: unknown }).version;
    why =
      version !== PROGRESS_VERSION
        ? `it has version ${JSON.stringify(version)}, this course reads version ${PROGRESS_VERSION}`
        : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  } catch (e) {
    why = `it is not valid JSON (${(e as Error).message})`;
  }
  const backup = join(stateDir(root), `progress.corrupt-${new Date().toISOString().replaceAll(":", "-")}.json`);
  try {
    await rename(path, backup);
  } catch (e) {
    return { progress: emptyProgress(), warning: unusable(path, e as NodeJS.ErrnoException), unusable: true };
  }
  return {
    progress: emptyProgress(),
    warning: `Your progress file could not be read: ${why}. It was kept as ${backup}; progress starts fresh.`,
  };
}

function unusable(path: string, e: NodeJS.ErrnoException): string {
  const what =
    e.code === "EISDIR"
      ? "is a directory"
      : e.code === "EACCES" || e.code === "EPERM"
        ? "cannot be read or written (permissions)"
        : `cannot be used (${e.code ?? e.message})`;
  return `Your progress file ${path} ${what}: progress is kept in memory only. Move it away (mv ${path} ${path}.old) or fix its permissions, then restart.`;
}

/** Temporary files of writers that died mid-write or mid-takeover (their pid is in the name): removed at start. */
export async function removeStaleTemporaries(root: string): Promise<void> {
  const dir = stateDir(root);
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const pid = Number(/^progress\.json\.(?:lock\.)?(\d+)\.[0-9a-f]+\.(?:tmp|stale)$/.exec(name)?.[1] ?? 0);
    if (pid > 0 && !alive(pid)) await rm(join(dir, name), { force: true });
  }
}

/** Atomic: written to a temporary file beside it, then renamed over it. */
export async function writeProgress(root: string, progress: Progress): Promise<void> {
  const path = progressPath(root);
  await mkdir(stateDir(root), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  try {
    await writeFile(tmp, `${JSON.stringify(progressSchema.parse(progress), null, 2)}\n`);
    await rename(tmp, path);
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Pure: the progress after a check (passed given) or a hint (hintsShown given). */
export function withResult(p: Progress, id: string, passed: boolean | undefined, hintsShown?: number): Progress {
  const now = new Date().toISOString();
  const prev: ExerciseProgress = p.exercises[id] ?? { attempts: 0, passed: false, hintsShown: 0 };
  const next: ExerciseProgress = {
    ...prev,
    ...(passed !== undefined && { attempts: prev.attempts + 1, lastRunAt: now, passed: prev.passed || passed }),
    ...(passed && !prev.passed && { passedAt: now }),
    ...(hintsShown !== undefined && { hintsShown: Math.max(prev.hintsShown, hintsShown) }),
  };
  return { ...p, exercises: { ...p.exercises, [id]: next } };
}

export interface Recorded {
  readonly progress: Progress;
  /** Set when the result could not be saved: what happened and what to do. */
  readonly warning?: string;
}

/**
 * Read, update and write under a lock file, so concurrent course processes (the app and a CLI
 * check, two terminals) never lose each other's results. Never throws: an unwritable file gives
 * the updated progress in memory and a warning.
 */
export async function recordResult(
  root: string,
  id: string,
  passed: boolean | undefined,
  hintsShown?: number,
  inMemory: Progress = emptyProgress(),
): Promise<Recorded> {
  const lock = `${progressPath(root)}.lock`;
  let held: string | undefined;
  try {
    await mkdir(stateDir(root), { recursive: true });
    held = await acquire(lock);
    const read = await readProgress(root);
    if (read.unusable) return { progress: withResult(inMemory, id, passed, hintsShown), warning: read.warning ?? "" };
    const next = withResult(read.progress, id, passed, hintsShown);
    await writeProgress(root, next);
    return { progress: next, ...(read.warning && { warning: read.warning }) };
  } catch (e) {
    const warning = unusable(progressPath(root), e as NodeJS.ErrnoException);
    return { progress: withResult(inMemory, id, passed, hintsShown), warning };
  } finally {
    if (held) await release(lock, held);
  }
}

/**
 * Takes the lock file; its content names the holder: "<pid> <random token>". A lock whose holder
 * died, or that is older than 30 s (a holder holds it for milliseconds), is taken over; after
 * 60 s of waiting it gives up and the caller reports the result as not saved, rather than
 * writing without it. Returns the token `release` needs.
 */
async function acquire(lock: string): Promise<string> {
  const token = `${process.pid} ${randomUUID()}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await writeFile(lock, token, { flag: "wx" });
      return token;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const seen = await readFile(lock, "utf8").catch(() => "");
    const holder = Number(seen.split(" ")[0] || 0);
    const age = Date.now() - ((await stat(lock).catch(() => undefined))?.mtimeMs ?? Date.now());
    if ((holder > 0 && !alive(holder)) || age > 30_000) await takeOver(lock, seen);
    else if (Date.now() > deadline) throw new Error(`another course process has held ${lock} for a minute`);
    else await new Promise((r) => setTimeout(r, 10 + Math.random() * 30));
  }
}

/**
 * Removes a stale lock, and only that one. The lock read as stale may have been released and
 * taken by a live process since (its holder released it, then exited), so it is read again under
 * a second lock that every take-over needs: while that is held, only a live holder could change
 * the lock, and a stale one has none, so the content read is the content removed. A guard left by
 * a process that died mid-take-over (it holds it for a read and a remove) is cleared after 10 s.
 */
export async function takeOver(lock: string, stale: string): Promise<void> {
  const guard = `${lock}.takeover`;
  try {
    await writeFile(guard, String(process.pid), { flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    const since = (await stat(guard).catch(() => undefined))?.mtimeMs ?? Date.now();
    if (Date.now() - since > 10_000) await rm(guard, { force: true });
    return; // another process is taking it over: wait for the lock as before
  }
  try {
    if ((await readFile(lock, "utf8").catch(() => undefined)) === stale) await rm(lock, { force: true });
  } finally {
    await rm(guard, { force: true });
  }
}

/** Removes the lock if it is still this holder's. */
async function release(lock: string, token: string): Promise<void> {
  if ((await readFile(lock, "utf8").catch(() => "")) === token) await rm(lock, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
