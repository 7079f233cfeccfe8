import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import type { Exercise } from "../content/model.js";
import { stateDir } from "../progress/store.js";

export type ResetOutcome =
  | { readonly ok: true; readonly message: string; readonly backup?: string }
  | { readonly ok: false; readonly message: string };

/**
 * Puts an exercise's starting stub back: the learner's file is copied to .course/backups/ first
 * (when there is one: a deleted file is simply restored), then the stub as the course shipped it.
 */
export async function resetExercise(root: string, e: Exercise, original = shippedStub): Promise<ResetOutcome> {
  const stub = original(root, e.stubPath);
  if (stub === undefined) {
    return {
      ok: false,
      message: `The starting stub of ${e.id} is not in git here (${relative(root, e.stubPath)}); your file is unchanged.`,
    };
  }
  let backup: string | undefined;
  if (existsSync(e.stubPath)) {
    const dir = join(stateDir(root), "backups");
    await mkdir(dir, { recursive: true });
    backup = join(dir, `${e.id}-${new Date().toISOString().replaceAll(":", "-")}-${e.file.replaceAll("/", "_")}`);
    await copyFile(e.stubPath, backup);
  }
  await mkdir(dirname(e.stubPath), { recursive: true });
  await writeFile(e.stubPath, stub);
  return {
    ok: true,
    message: backup
      ? `${e.id} is back to its starting stub. Your version is saved in ${relative(root, backup)}`
      : `${e.id}: the missing file ${relative(root, e.stubPath)} is back, as the starting stub.`,
    ...(backup && { backup }),
  };
}

/**
 * The stub as the course shipped it: from the course's upstream (origin/HEAD) when the clone has
 * one, so a learner who commits their own work still gets the original back; else from HEAD.
 */
export function shippedStub(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  for (const rev of ["origin/HEAD", "HEAD"]) {
    const r = spawnSync("git", ["show", `${rev}:${rel}`], { cwd: root, encoding: "utf8" });
    if (r.status === 0) return r.stdout;
  }
  return undefined;
}
