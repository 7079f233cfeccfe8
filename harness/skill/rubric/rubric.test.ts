import { expect, test } from "vitest";
import { loadCourse } from "../../content/loader.js";
import { checkSkill, COURSE_ROOT } from "../check.js";
import { loadRubric } from "./index.js";

const rubric = await loadRubric();
const course = await loadCourse(COURSE_ROOT);

test("every skill id in a lesson's frontmatter is a rubric item of that lesson", () => {
  const byId = new Map(rubric.map((i) => [i.id, i]));
  const wrong = course.lessons.flatMap((l) =>
    l.skillItems
      .filter((id) => byId.get(id)?.lesson !== l.order)
      .map(
        (id) =>
          `lessons/${l.slug}.md lists "${id}": ${byId.has(id) ? `it belongs to lesson ${byId.get(id)?.lesson}` : "no rubric item has that id"}`,
      ),
  );
  expect(wrong).toEqual([]);
});

test("every rubric item belongs to a lesson that lists it", () => {
  const unlisted = rubric
    .filter((i) => !course.lessons.some((l) => l.order === i.lesson && l.skillItems.includes(i.id)))
    .map((i) => `${i.id} (lesson ${i.lesson}): add it to that lesson's frontmatter skill: list`);
  expect(unlisted).toEqual([]);
});

test("every lesson that lists skill items has a “## Skill reflection” section", () => {
  const without = course.lessons.filter((l) => l.skillItems.length > 0 && !/^## Skill reflection\s*$/m.test(l.body));
  expect(without.map((l) => l.slug)).toEqual([]);
});

test.each(course.lessons.flatMap((l) => l.exercises.filter((e) => e.kind === "skill").map((e) => [e.id, e] as const)))(
  "skill exercise %s: the solution passes up to its lesson, the untouched stub fails",
  async (_id, e) => {
    const solution = await checkSkill(e.solutionPath, { lesson: e.lessonOrder });
    expect(solution.items.filter((i) => i.status === "missing").map((i) => i.id)).toEqual([]);
    expect(solution.ok).toBe(true);
    const stub = await checkSkill(e.stubPath, { lesson: e.lessonOrder });
    expect(stub.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(stub.ok).toBe(false);
  },
);
