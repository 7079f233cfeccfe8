import type { Course } from "../content/model.js";

/** A two-lesson course for UI tests. */
const ex = (id: string, order: number) => ({
  id,
  title: id,
  kind: "code" as const,
  lessonId: `l${order}`,
  lessonOrder: order,
  lessonSlug: `0${order}-x`,
  file: `${id}.ts`,
  stubPath: `/x/exercises/${id}.ts`,
  solutionPath: `/x/solutions/${id}.ts`,
  hiddenTestPath: `/x/h/${id}.check.ts`,
  section: "S",
  hints: ["one", "two"],
  broker: true,
  needs: [],
});
export const course: Course = {
  root: "/x",
  problems: [],
  lessons: [1, 2].map((order) => ({
    id: `l${order}`,
    slug: `0${order}-x`,
    title: `Lesson ${order}`,
    order,
    path: `/x/lessons/0${order}-x.md`,
    outcomes: ["o"],
    exercises: [ex(`e${order}a`, order), ex(`e${order}b`, order)],
    skillItems: [],
    body: "# Title\n\nText",
  })),
};
