import { expect, test } from "vitest";
import { emptyProgress, withResult } from "../progress/store.js";
import { course } from "./fixtures.js";
import { initialState, mapRows, nextExercise, reduce } from "./state.js";

test("the map starts on the first exercise not yet passed", () => {
  const progress = withResult(emptyProgress(), "e1a", true);
  expect(nextExercise(course, progress)?.id).toBe("e1b");
  const s = initialState(course, progress);
  expect(mapRows(course)[s.cursor]).toMatchObject({ kind: "exercise", exercise: { id: "e1b" } });
});

test("cursor stays within the rows; enter opens a lesson or an exercise; esc goes back", () => {
  let s = initialState(course, emptyProgress());
  s = reduce(s, { type: "cursor", delta: -10 });
  expect(s.cursor).toBe(0);
  expect(reduce(s, { type: "open" }).screen).toEqual({ kind: "lesson", lessonId: "l1", scroll: 0 });
  s = reduce(s, { type: "cursor", delta: 100 });
  expect(s.cursor).toBe(5);
  s = reduce(s, { type: "open" });
  expect(s.screen).toEqual({ kind: "exercise", exerciseId: "e2b" });
  expect(reduce(s, { type: "back" }).screen).toEqual({ kind: "map" });
});

test("a run collects tests as they finish, then the result; a new run replaces it", () => {
  let s = initialState(course, emptyProgress());
  s = reduce(s, { type: "run-started", exerciseId: "e1a", trigger: "save" });
  s = reduce(s, { type: "run-test", exerciseId: "e1a", test: { name: "t", state: "passed", durationMs: 1 } });
  expect(s.runs.e1a).toMatchObject({ state: "running", tests: [{ name: "t" }] });
  s = reduce(s, { type: "run-finished", exerciseId: "e1a", result: { status: "passed", tests: [], durationMs: 5 } });
  expect(s.runs.e1a).toMatchObject({ state: "done" });
  s = reduce(s, { type: "run-started", exerciseId: "e1a", trigger: "key" });
  expect(s.runs.e1a).toEqual({ state: "running", tests: [], trigger: "key" });
});

test("a confirmation is answered or dismissed with esc, before leaving the screen", () => {
  let s = reduce(initialState(course, emptyProgress()), { type: "open-exercise", exerciseId: "e1a" });
  s = reduce(s, { type: "ask", confirm: { action: "reset", exerciseId: "e1a" } });
  s = reduce(s, { type: "back" });
  expect(s.confirm).toBeUndefined();
  expect(s.screen.kind).toBe("exercise");
});

test("lesson scrolling is clamped to the content", () => {
  let s = reduce(initialState(course, emptyProgress()), { type: "cursor", delta: -9 });
  s = reduce(s, { type: "open" });
  s = reduce(s, { type: "scroll", delta: 50, max: 7 });
  expect(s.screen).toMatchObject({ scroll: 7 });
  s = reduce(s, { type: "scroll", delta: -50, max: 7 });
  expect(s.screen).toMatchObject({ scroll: 0 });
});
