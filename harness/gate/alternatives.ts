import { existsSync } from "node:fs";
import { cp, mkdir, readdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Exercise } from "../content/model.js";

/** A correct solution that differs in structure from solutions/: the gate proves the checks pass it. */
export interface Alternative {
  readonly name: string;
  /** `harness/hidden/<NN-slug>/alternatives/<exercise-id>/<name>/`: files relative to the lesson folder. */
  readonly dir: string;
}

/** `harness/hidden/<NN-slug>/alternatives/<exercise-id>/`, beside the exercise's checks. */
export function alternativesDir(exercise: Exercise): string {
  return join(dirname(exercise.hiddenTestPath), "alternatives", exercise.id);
}

/** The exercise's alternatives, by name; none when the folder does not exist. */
export async function listAlternatives(exercise: Exercise): Promise<Alternative[]> {
  const root = alternativesDir(exercise);
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => ({ name: e.name, dir: join(root, e.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Files under `dir`, relative to it. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

/**
 * Writes `<targetRoot>/<lessonSlug>/` = the solution folder with the alternative's files laid
 * over it (inside the project, so the copy resolves the project's node_modules). Returns targetRoot.
 */
export async function materialiseAlternative(
  solutionsRoot: string,
  targetRoot: string,
  lessonSlug: string,
  alternative: Alternative,
): Promise<string> {
  const dest = join(targetRoot, lessonSlug);
  await rm(dest, { recursive: true, force: true });
  await mkdir(targetRoot, { recursive: true });
  await cp(join(solutionsRoot, lessonSlug), dest, { recursive: true });
  await cp(alternative.dir, dest, { recursive: true });
  return targetRoot;
}
