import { render } from "ink-testing-library";
import { expect, test } from "vitest";
import { emptyProgress, withResult } from "../progress/store.js";
import { BrokerStatus } from "./BrokerStatus.js";
import { CourseMap } from "./CourseMap.js";
import { Hints } from "./Hints.js";
import { LessonReader } from "./LessonReader.js";
import { Results } from "./Results.js";
import { mapRows } from "./state.js";
import { course } from "./fixtures.js";

test("course map: lessons, exercise marks, the next exercise and the cursor", () => {
  const progress = withResult(withResult(emptyProgress(), "e1a", true), "e1b", false);
  const { lastFrame } = render(
    <CourseMap rows={mapRows(course)} cursor={2} progress={progress} nextId="e1b" skill={undefined} height={20} />,
  );
  const frame = lastFrame() ?? "";
  expect(frame).toContain("01 Lesson 1");
  expect(frame).toMatch(/✓ e1a/);
  expect(frame).toMatch(/❯ +✗ e1b ← next/);
  expect(frame).toMatch(/· e2a/);
});

test("results: the learner-facing message under each failed test", () => {
  const { lastFrame } = render(
    <Results
      run={{
        state: "done",
        result: {
          status: "failed",
          durationMs: 1234,
          tests: [
            {
              name: "writes keyed records",
              state: "failed",
              message: "Expected: a key\nWhat happened: none",
              durationMs: 1,
            },
            { name: "reads them back", state: "passed", durationMs: 1 },
          ],
        },
      }}
    />,
  );
  expect(lastFrame()).toContain("✗ 1 of 2 checks failed (1.2 s)");
  expect(lastFrame()).toContain("What happened: none");
  expect(lastFrame()).toContain("✓ reads them back");
});

test("results: a load error says the file could not be loaded", () => {
  const { lastFrame } = render(
    <Results
      run={{
        state: "done",
        result: { status: "load-error", durationMs: 10, tests: [], problem: "Your file could not be loaded: x" },
      }}
    />,
  );
  expect(lastFrame()).toContain("Your file could not be loaded");
});

test("hints are revealed one at a time", () => {
  expect(render(<Hints hints={["one", "two"]} shown={0} />).lastFrame()).toContain("reveal a hint (2 available)");
  const one = render(<Hints hints={["one", "two"]} shown={1} />).lastFrame() ?? "";
  expect(one).toContain("Hint 1/2: one");
  expect(one).not.toContain("two");
  expect(render(<Hints hints={["one", "two"]} shown={2} />).lastFrame()).toContain("That was the last hint.");
});

test("broker status: starting, ready with its start time, failed with the remedy", () => {
  expect(
    render(<BrokerStatus status={{ state: "starting", message: "formatting", sinceMs: 0 }} now={3_000} />).lastFrame(),
  ).toMatch(/Kafka: formatting \(3 s\)/);
  expect(
    render(
      <BrokerStatus status={{ state: "ready", description: "local KRaft broker", startMs: 2_345 }} now={0} />,
    ).lastFrame(),
  ).toContain("local KRaft broker — ready in 2.3 s");
  expect(
    render(
      <BrokerStatus status={{ state: "failed", error: "No Kafka broker… KAFKA_BOOTSTRAP_SERVERS" }} now={0} />,
    ).lastFrame(),
  ).toContain("KAFKA_BOOTSTRAP_SERVERS");
});

test("lesson reader: headings, emphasis, tables, code and links fit the width and scroll", () => {
  const lesson = {
    ...course.lessons[0]!,
    body: [
      "# Topics",
      "",
      "A **key** keeps `order`. See [the docs](https://kafka.apache.org).",
      "",
      "| word | meaning |",
      "| --- | --- |",
      "| offset | a position |",
      "",
      "```ts",
      'const x = "hi"; // note',
      "```",
      "",
      ...Array.from({ length: 30 }, (_, i) => `- item ${i}`),
    ].join("\n"),
  };
  const top = render(<LessonReader lesson={lesson} scroll={0} width={60} height={12} />).lastFrame() ?? "";
  expect(top).toContain("Topics");
  expect(top).toContain("the docs (https://kafka.apache.org)");
  expect(top).toMatch(/offset +│ a position/);
  expect(top).toContain('const x = "hi"; // note');
  expect(top).not.toContain("item 29");
  const bottom = render(<LessonReader lesson={lesson} scroll={30} width={60} height={12} />).lastFrame() ?? "";
  expect(bottom).toContain("item 29");
  for (const line of top.split("\n")) expect(line.length).toBeLessThanOrEqual(60);
});
