import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * A copy of a reference solution with one mistake a lesson warns about. The project's own
 * tests prove the hidden checks catch it, with a message that names it.
 */
export interface Mutant {
  readonly name: string;
  /** The mistake in a learner's words, as the lesson names it. */
  readonly mistake: string;
  /** The file in the lesson folder to edit. */
  readonly file: string;
  /** [find, replace] pairs; each `find` must occur in the solution (so a changed solution cannot silently disarm a mutant). */
  readonly edits: readonly (readonly [string, string])[];
  /** The failing check's message must match this: it is how the learner is told. */
  readonly expectMessage: RegExp;
}

/**
 * Writes `<mutantRoot>/<lessonSlug>/...` = the solution folder with the mutant's edits applied,
 * inside the project so the copy resolves the project's node_modules. Returns the target root.
 */
export async function materialiseMutant(
  solutionsRoot: string,
  mutantRoot: string,
  lessonSlug: string,
  mutant: Mutant,
): Promise<string> {
  const dest = join(mutantRoot, lessonSlug);
  await rm(dest, { recursive: true, force: true });
  await mkdir(mutantRoot, { recursive: true });
  await cp(join(solutionsRoot, lessonSlug), dest, { recursive: true });
  const path = join(dest, mutant.file);
  let text = await readFile(path, "utf8");
  for (const [find, replace] of mutant.edits) {
    if (!text.includes(find)) {
      throw new Error(`mutant "${mutant.name}": "${find}" is not in ${join(lessonSlug, mutant.file)} any more`);
    }
    text = text.split(find).join(replace);
  }
  await writeFile(path, text);
  return mutantRoot;
}
