import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import type { Exercise } from "../content/model.js";
import { filesUnder, listAlternatives, materialiseAlternative } from "./alternatives.js";

test("alternatives are listed by name and laid over a copy of the solution folder", async () => {
  const root = await mkdtemp(join(tmpdir(), "course-alt-"));
  try {
    const slug = "02-topics";
    const hidden = join(root, "harness", "hidden", slug);
    const exercise = { id: "hello", hiddenTestPath: join(hidden, "hello.check.ts") } as Exercise;
    expect(await listAlternatives(exercise)).toEqual([]);
    for (const [alt, file, text] of [
      ["with-a-class", "hello.ts", "class"],
      ["each-batch", "lib/reader.ts", "batch"],
    ] as const) {
      await mkdir(join(hidden, "alternatives", "hello", alt, file, ".."), { recursive: true });
      await writeFile(join(hidden, "alternatives", "hello", alt, file), text);
    }
    await mkdir(join(root, "solutions", slug), { recursive: true });
    await writeFile(join(root, "solutions", slug, "hello.ts"), "reference");
    await writeFile(join(root, "solutions", slug, "other.ts"), "kept");

    const alts = await listAlternatives(exercise);
    expect(alts.map((a) => a.name)).toEqual(["each-batch", "with-a-class"]);
    expect(await filesUnder(alts[0]!.dir)).toEqual(["lib/reader.ts"]);

    const target = join(root, ".course", "alternatives", "hello--each-batch");
    await materialiseAlternative(join(root, "solutions"), target, slug, alts[0]!);
    expect(await readFile(join(target, slug, "hello.ts"), "utf8")).toBe("reference");
    expect(await readFile(join(target, slug, "lib", "reader.ts"), "utf8")).toBe("batch");
    await materialiseAlternative(join(root, "solutions"), target, slug, alts[1]!);
    expect(await readFile(join(target, slug, "hello.ts"), "utf8")).toBe("class");
    expect(await readFile(join(target, slug, "other.ts"), "utf8")).toBe("kept");
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
