import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
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
}

export const emptyProgress = (): Progress => ({ version: PROGRESS_VERSION, exercises: {} });

/** KAFKA_COURSE_STATE_DIR moves the progress file (tests, or a shared machine); default: <root>/.course. */
export function stateDir(root: string): string {
  return process.env.KAFKA_COURSE_STATE_DIR ?? join(root, ".course");
}

export function progressPath(root: string): string {
  return join(stateDir(root), "progress.json");
}

export async function readProgress(root: string): Promise<LoadedProgress> {
  const path = progressPath(root);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { progress: emptyProgress() };
    throw e;
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
  await rename(path, backup);
  return {
    progress: emptyProgress(),
    warning: `Your progress file could not be read: ${why}. It was kept as ${backup}; progress starts fresh.`,
  };
}

/** Atomic: written to a temporary file beside it, then renamed over it. */
export async function writeProgress(root: string, progress: Progress): Promise<void> {
  const path = progressPath(root);
  await mkdir(stateDir(root), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  await writeFile(tmp, `${JSON.stringify(progressSchema.parse(progress), null, 2)}\n`);
  await rename(tmp, path);
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

export async function recordResult(root: string, id: string, passed: boolean | undefined, hintsShown?: number) {
  const { progress } = await readProgress(root);
  const next = withResult(progress, id, passed, hintsShown);
  await writeProgress(root, next);
  return next;
}
