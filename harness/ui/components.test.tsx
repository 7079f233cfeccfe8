import { render } from "ink-testing-library";
import { expect, test } from "vitest";
import { emptyProgress, withResult } from "../progress/store.js";
import type { TestOutcome } from "../runner/types.js";
import { brokerLine } from "./chrome.js";
import { exerciseView, type ExerciseViewProps } from "./exercise-view.js";
import { course } from "./fixtures.js";
import { Frame, type Size, type View } from "./Frame.js";
import { mapView } from "./map-view.js";
import { readerView } from "./reader-view.js";
import { mapRows } from "./state.js";
import { lineText } from "./text.js";

const draw = (view: View, size: Size = { columns: 80, rows: 24 }, scroll = 0) =>
  render(
    <Frame
      size={size}
      view={view}
      scroll={scroll}
      messages={[]}
      status={brokerLine({ state: "failed", error: "x" }, 0)}
    />,
  ).lastFrame() ?? "";

test("course map: progress, marks, each exercise's id and the next one", () => {
  const progress = withResult(withResult(emptyProgress(), "e1a", true), "e1b", false);
  const frame = draw(mapView({ rows: mapRows(course), cursor: 2, progress, nextId: "e1b", skill: undefined }));
  expect(frame).toContain("1/4 exercises passed · next: e1b (e1b)");
  expect(frame).toContain("01 Lesson 1  1/2");
  expect(frame).toMatch(/✓ e1a {2}e1a/);
  expect(frame).toMatch(/❯ +✗ e1b {2}e1b ← next/);
});

const exercise = course.lessons[0]!.exercises[0]!;
const failing = (n: number): TestOutcome[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `check number ${i + 1} with a long name that says what the skill must ask about`,
    state: "failed",
    message: `Add: the question ${i + 1}, asked before any recommendation, in the context-gathering section of the skill.\nFor example: How many messages per second?`,
    durationMs: 0,
  }));
const props = (over: Partial<ExerciseViewProps>): ExerciseViewProps => ({
  root: "/x",
  exercise,
  run: undefined,
  pending: false,
  passed: false,
  nextTitle: "e1b",
  hintsShown: 0,
  watching: true,
  selected: 0,
  expanded: 0,
  hasCreated: false,
  width: 80,
  now: 0,
  limitMs: 120_000,
  ...over,
});

test("a 17-failure verdict at 80x24: 24 rows, the summary on top, one check open, the others one row each", () => {
  const run = { state: "done", result: { status: "failed", tests: failing(17), durationMs: 1234 } } as const;
  const rows = draw(exerciseView(props({ run }))).split("\n");
  expect(rows).toHaveLength(24);
  expect(rows[0]).toContain("e1a (e1a)");
  expect(rows[1]).toContain("✗ 17 of 17 checks failed (1.2 s) · check 1/17");
  expect(rows.filter((r) => r.includes("Add: the question")).length).toBe(1);
  const marks = rows.filter((r) => /^(❯ | {2})✗ /.test(r));
  expect(marks.length).toBeGreaterThan(5);
  for (const r of rows) expect(r.length).toBeLessThanOrEqual(80);
  // Scrolled to the end, the summary is still the second row.
  const end = draw(exerciseView(props({ run, selected: 16, expanded: 16 })), undefined, 100).split("\n");
  expect(end[1]).toContain("17 of 17 checks failed");
  expect(end.join("\n")).toContain("Add: the question 17");
});

test("live progress: finished checks and the time against the limit; a pass offers the next exercise", () => {
  const running = draw(
    exerciseView(props({ run: { state: "running", tests: failing(2), trigger: "key", sinceMs: 0 }, now: 12_400 })),
  );
  expect(running).toContain("⟳ checking against the broker… 2 done · 12 s of 120 s limit");
  expect(running).toContain("✗ check number 2");
  // A check that started after the clock's last tick never shows a negative time.
  const justStarted = draw(
    exerciseView(props({ run: { state: "running", tests: [], trigger: "key", sinceMs: 5_000 }, now: 3_000 })),
  );
  expect(justStarted).toContain("0 done · 0 s of 120 s limit");
  const passed = draw(
    exerciseView(
      props({
        passed: true,
        run: {
          state: "done",
          result: { status: "passed", tests: [{ name: "ok", state: "passed", durationMs: 1 }], durationMs: 900 },
        },
      }),
    ),
  );
  expect(passed).toContain("✓ All 1 checks passed (0.9 s) · n: next exercise “e1b”");
});

test("a load error says the file could not be loaded; hints name runnable commands", () => {
  const frame = draw(
    exerciseView(
      props({
        hintsShown: 1,
        exercise: { ...exercise, hints: ["Run `kafka-course skill check --lesson 0`."] },
        run: {
          state: "done",
          result: { status: "load-error", durationMs: 10, tests: [], problem: "SyntaxError at line 3" },
        },
      }),
    ),
  );
  expect(frame).toContain("✗ Your file could not be loaded");
  expect(frame).toContain("SyntaxError at line 3");
  expect(frame).toContain("npm run course -- skill check --lesson 0");
});

test("below 60x16 the frame says how large the terminal must be", () => {
  const frame = draw(
    mapView({ rows: mapRows(course), cursor: 0, progress: emptyProgress(), nextId: undefined, skill: undefined }),
    {
      columns: 50,
      rows: 12,
    },
  );
  expect(frame).toMatch(/needs at least\s+60x16/);
});

test("reader: tables wrap cells at content widths with inline Markdown, code wraps, the end reads 100%", () => {
  const lesson = {
    ...course.lessons[0]!,
    body: [
      "# Topics",
      "",
      "A **key** keeps `order`. See [the docs](https://kafka.apache.org).",
      "",
      "| term | meaning |",
      "| --- | --- |",
      "| `offset` | a position in a partition that a consumer group **commits** after it has processed the record, so a restart resumes there |",
      "| key | decides the partition |",
      "",
      "```ts",
      `const x = "${"a".repeat(120)}"; // note`,
      "```",
      "",
      ...Array.from({ length: 30 }, (_, i) => `- item ${i}`),
    ].join("\n"),
  };
  const view = readerView(lesson, 60);
  const text = view.body.map(lineText);
  const header = text.find((l) => l.includes("term"))!;
  expect(header.indexOf("│")).toBeLessThan(14); // the short column stays short
  expect(text.some((l) => /offset +│ a position/.test(l))).toBe(true);
  expect(text.join("\n")).toContain("restart resumes there");
  expect(text.join("\n")).not.toContain("**");
  expect(text.join("\n")).not.toContain("`");
  expect(text.join("\n")).toContain("; // note");
  for (const l of text) expect(l.length).toBeLessThanOrEqual(59);
  const end = draw(view, { columns: 60, rows: 16 }, 1000);
  expect(end).toContain("100%");
  expect(end).toContain("item 29");
});
