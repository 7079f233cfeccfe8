import { readFile } from "node:fs/promises";
import { expect, test } from "vitest";
import { loadCourse, projectPaths } from "../content/loader.js";
import { PROJECT_ROOT } from "../testing/course-root.js";
import { lessonHeadings, referencesWithoutSection, seeReferences } from "./see-references.js";

const paths = projectPaths(PROJECT_ROOT);

/**
 * Wrong references in files another change owns, listed so the suite stays green until they are
 * fixed; the test fails when one of them is fixed and still listed here (delete it then).
 */
const KNOWN_WRONG: string[] = [];

test("lesson headings are read outside code blocks, without inline-code backticks", () => {
  const md = "# Title\n\n## The `acks` setting\n\n```sh\n# not a heading\n```\n### Last one ##\n";
  expect([...lessonHeadings(md)]).toEqual(["Title", "The acks setting", "Last one"]);
});

test("every `see` reference in the hidden checks names a heading of the lesson it names", async () => {
  const course = await loadCourse(PROJECT_ROOT);
  const headings = new Map<number, Set<string>>();
  for (const l of course.lessons) headings.set(l.order, lessonHeadings(await readFile(l.path, "utf8")));
  const refs = await seeReferences(paths.hidden);
  expect(refs.length).toBeGreaterThan(0);
  const wrong = refs
    .filter((r) => !headings.get(r.lesson)?.has(r.section.replaceAll("`", "")))
    .map((r) => `${r.file}: lesson ${r.lesson} has no heading “${r.section}”`);
  expect(wrong.filter((w) => !KNOWN_WRONG.includes(w))).toEqual([]);
  expect(
    KNOWN_WRONG.filter((k) => !wrong.includes(k)),
    "fixed: remove from KNOWN_WRONG",
  ).toEqual([]);
});

test("every `see` string in the hidden checks names a section, not only a lesson", async () => {
  expect(await referencesWithoutSection(paths.hidden)).toEqual([]);
});
