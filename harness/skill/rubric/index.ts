import { readdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { RubricItem } from "./types.js";

export type { Detection, RubricItem } from "./types.js";

const RUBRIC_DIR = dirname(fileURLToPath(import.meta.url));
const FILE = /^lesson-(\d{2})\.(?:ts|js)$/;
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Every rubric item of the course, in lesson order: each `lesson-NN.ts` in this folder is
 * imported, so lesson authors only add files. Inconsistent rubric files are course bugs and throw.
 */
export async function loadRubric(dir: string = RUBRIC_DIR): Promise<readonly RubricItem[]> {
  const files = (await readdir(dir)).filter((f) => FILE.test(f) && !f.endsWith(".d.ts")).sort();
  const all: RubricItem[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const lesson = Number(FILE.exec(file)?.[1]);
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { items?: readonly RubricItem[] };
    const items: readonly RubricItem[] | undefined = mod.items;
    if (!items || !Array.isArray(items)) throw new Error(`${file}: export \`items: readonly RubricItem[]\``);
    for (const item of items as readonly RubricItem[]) {
      const where = `${file}: item "${item.id}"`;
      if (!ID.test(item.id)) throw new Error(`${where}: ids use lowercase letters, digits and single hyphens`);
      if (seen.has(item.id)) throw new Error(`${where}: id already used in ${seen.get(item.id)}`);
      if (item.lesson !== lesson) throw new Error(`${where}: lesson is ${item.lesson}, the file says ${lesson}`);
      if (item.detect.all.length === 0 || item.detect.all.some((g) => g.length === 0)) {
        throw new Error(`${where}: detect.all needs at least one group, each with at least one pattern`);
      }
      seen.set(item.id, file);
      all.push(item);
    }
  }
  return all;
}
