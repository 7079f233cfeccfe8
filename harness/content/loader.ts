import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { z } from "zod";
import type { ContentProblem, Course, Exercise, Lesson } from "./model.js";
import { parseFrontmatter } from "./safe-matter.js";
import { lessonFrontmatterSchema } from "./schema.js";

const LESSON_FILE = /^(\d{2})-([a-z0-9-]+)\.md$/;

export function projectPaths(root: string) {
  return {
    lessons: join(root, "lessons"),
    exercises: join(root, "exercises"),
    solutions: join(root, "solutions"),
    hidden: join(root, "harness", "hidden"),
  };
}

function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((i) => `  - ${i.path.length > 0 ? i.path.join(".") : "(frontmatter)"}: ${i.message}`)
    .join("\n");
}

/** Reads one lesson file; a problem names the file and the field and how to fix it. */
export async function loadLesson(root: string, fileName: string): Promise<Lesson | ContentProblem> {
  const paths = projectPaths(root);
  const path = join(paths.lessons, fileName);
  const m = LESSON_FILE.exec(fileName);
  if (!m) return { file: path, message: "lesson files are named NN-slug.md (e.g. 02-topics-partitions.md)" };
  const slug = basename(fileName, ".md");
  let parsed;
  try {
    parsed = parseFrontmatter(await readFile(path, "utf8"));
  } catch (e) {
    return { file: path, message: `the frontmatter is not valid YAML: ${(e as Error).message}` };
  }
  if (!parsed.hasFrontmatter) return { file: path, message: "no frontmatter: start the file with a --- YAML block" };
  const result = lessonFrontmatterSchema.safeParse(parsed.data);
  if (!result.success) return { file: path, message: `invalid frontmatter:\n${formatZodError(result.error)}` };
  const fm = result.data;
  if (fm.order !== Number(m[1])) {
    return { file: path, message: `order is ${fm.order} but the file name starts with ${m[1]}; make them equal` };
  }
  const exercises: Exercise[] = fm.exercises.map((e) => ({
    id: e.id,
    title: e.title,
    kind: e.kind,
    lessonId: fm.id,
    lessonOrder: fm.order,
    lessonSlug: slug,
    file: e.file,
    // A skill exercise edits the learner's skill (skill/<file>), mirrored under solutions/skill/.
    stubPath: e.kind === "skill" ? join(root, "skill", e.file) : join(paths.exercises, slug, e.file),
    solutionPath: e.kind === "skill" ? join(paths.solutions, "skill", e.file) : join(paths.solutions, slug, e.file),
    hiddenTestPath: join(paths.hidden, slug, `${e.id}.check.ts`),
    section: e.section,
    hints: e.hints,
    broker: e.kind === "code" && e.broker,
    needs: e.needs,
  }));
  const twice = exercises.find((e, i) => exercises.findIndex((o) => o.id === e.id) !== i);
  if (twice)
    return { file: path, message: `exercise id "${twice.id}" is used twice in this lesson; ids must be unique` };
  const headings = new Set(
    [...parsed.content.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((h) => (h[1] ?? "").trim().toLowerCase()),
  );
  for (const e of exercises) {
    if (!headings.has(e.section.toLowerCase())) {
      return { file: path, message: `exercise ${e.id}: section "${e.section}" is not a heading in this lesson` };
    }
  }
  return {
    id: fm.id,
    slug,
    title: fm.title,
    order: fm.order,
    path,
    outcomes: fm.outcomes,
    exercises,
    skillItems: fm.skill,
    body: parsed.content,
  };
}

/** Loads every lesson; broken files become problems and the rest of the course still loads. */
export async function loadCourse(root: string): Promise<Course> {
  const paths = projectPaths(root);
  const names = (await readdir(paths.lessons).catch(() => [] as string[])).filter((n) => n.endsWith(".md")).sort();
  const lessons: Lesson[] = [];
  const problems: ContentProblem[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const r = await loadLesson(root, name);
    if ("message" in r) {
      problems.push(r);
      continue;
    }
    const dup = r.exercises.find((e) => seen.has(e.id));
    if (dup) {
      problems.push({
        file: r.path,
        message: `exercise id "${dup.id}" is used here and in ${seen.get(dup.id)}; ids must be unique across the course`,
      });
      continue;
    }
    for (const e of r.exercises) seen.set(e.id, r.path);
    lessons.push(r);
  }
  lessons.sort((a, b) => a.order - b.order);
  return { root, lessons, problems };
}

export function allExercises(course: Course): Exercise[] {
  return course.lessons.flatMap((l) => l.exercises);
}

export function findExercise(course: Course, id: string): Exercise | undefined {
  return allExercises(course).find((e) => e.id === id);
}

/** Files an exercise needs that are missing: used by `verify` and the project's pairing test. */
export function missingFiles(e: Exercise): string[] {
  const needed = e.kind === "code" ? [e.stubPath, e.solutionPath, e.hiddenTestPath] : [e.stubPath, e.solutionPath];
  return needed.filter((p) => !existsSync(p));
}
