import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { loadCourse } from "./loader.js";

async function courseWith(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "course-content-"));
  await mkdir(join(root, "lessons"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(root, "lessons", name), text);
  return root;
}

const good = (order: number, extra = "") => `---
id: lesson-${order}
title: Lesson ${order}
order: ${order}
outcomes: [do a thing]
exercises:
  - id: ex-${order}
    title: Exercise ${order}
    file: ex.ts
    section: Try it
    hints: [first hint]
${extra}---
# Lesson ${order}

## Try it
`;

test("valid lessons load in order with their exercises' mirrored paths", async () => {
  const root = await courseWith({ "02-b.md": good(2), "01-a.md": good(1) });
  const course = await loadCourse(root);
  expect(course.problems).toEqual([]);
  expect(course.lessons.map((l) => l.order)).toEqual([1, 2]);
  const ex = course.lessons[0]!.exercises[0]!;
  expect(ex.stubPath).toBe(join(root, "exercises", "01-a", "ex.ts"));
  expect(ex.solutionPath).toBe(join(root, "solutions", "01-a", "ex.ts"));
  expect(ex.hiddenTestPath).toBe(join(root, "harness", "hidden", "01-a", "ex-1.check.ts"));
});

test("a broken lesson is reported with its file and field; the rest of the course still loads", async () => {
  const root = await courseWith({
    "01-a.md": good(1),
    "02-b.md": good(2).replace("    title: Exercise 2\n", ""),
    "03-c.md": good(3).replace("order: 3", "order: 4"),
    "04-d.md": "---\ntitle: [unclosed\n---\n# x\n",
    "05-e.md": good(5).replace("section: Try it", "section: Missing heading"),
    "06-f.md": "---js\nrequire('fs').writeFileSync('/tmp/pwned', 'x')\n---\n# x\n",
  });
  const course = await loadCourse(root);
  expect(course.lessons.map((l) => l.id)).toEqual(["lesson-1"]);
  const byFile = Object.fromEntries(course.problems.map((p) => [p.file.split("/").pop(), p.message]));
  expect(byFile["02-b.md"]).toMatch(/exercises\.0\.title/);
  expect(byFile["03-c.md"]).toMatch(/order is 4 but the file name starts with 03/);
  expect(byFile["04-d.md"]).toMatch(/not valid YAML/);
  expect(byFile["05-e.md"]).toMatch(/section "Missing heading" is not a heading/);
  expect(byFile["06-f.md"]).toMatch(/not allowed; use YAML/);
});

test("an exercise id used twice is a problem for the second lesson", async () => {
  const root = await courseWith({ "01-a.md": good(1), "02-b.md": good(2).replaceAll("ex-2", "ex-1") });
  const course = await loadCourse(root);
  expect(course.problems[0]?.message).toMatch(/exercise id "ex-1" is used here and in .*01-a\.md/);
});

test("an exercise id used twice inside one lesson is a loader error naming the lesson", async () => {
  const twice = good(1).replace(
    "exercises:\n",
    "exercises:\n  - id: ex-1\n    title: Twin\n    file: twin.ts\n    section: Try it\n    hints: [one]\n",
  );
  const root = await courseWith({ "01-a.md": twice });
  const course = await loadCourse(root);
  expect(course.problems[0]?.message).toMatch(/exercise id "ex-1" is used twice in this lesson/);
});
