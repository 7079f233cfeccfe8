import { expect, test } from "vitest";
import { emptyProgress, withResult } from "../progress/store.js";
import { course } from "./fixtures.js";
import { initialState, mapRows, nextExercise, reduce } from "./state.js";

test("the map starts on the lesson of the first exercise not yet passed, so enter reads it first", () => {
  const progress = withResult(withResult(emptyProgress(), "e1a", true), "e1b", true);
  expect(nextExercise(course, progress)?.id).toBe("e2a");
  const s = initialState(course, progress);
  expect(mapRows(course)[s.cursor]).toMatchObject({ kind: "lesson", lesson: { id: "l2" } });
});

test("cursor stays within the rows; enter opens a lesson or an exercise; esc goes back", () => {
  let s = initialState(course, emptyProgress());
  s = reduce(s, { type: "cursor", delta: -10 });
  expect(s.cursor).toBe(0);
  expect(reduce(s, { type: "open" }).screen).toEqual({ kind: "lesson", lessonId: "l1", scroll: 0 });
  s = reduce(s, { type: "cursor", delta: 100 });
  expect(s.cursor).toBe(5);
  s = reduce(s, { type: "open" });
  expect(s.screen).toMatchObject({ kind: "exercise", exerciseId: "e2b" });
  expect(reduce(s, { type: "back" }).screen).toEqual({ kind: "map" });
});

test("a run collects tests as they finish, then the result; a new run replaces it", () => {
  let s = initialState(course, emptyProgress());
  s = reduce(s, { type: "run-started", exerciseId: "e1a", trigger: "save", atMs: 1 });
  s = reduce(s, { type: "run-test", exerciseId: "e1a", test: { name: "t", state: "passed", durationMs: 1 } });
  expect(s.runs.e1a).toMatchObject({ state: "running", tests: [{ name: "t" }] });
  s = reduce(s, { type: "run-finished", exerciseId: "e1a", result: { status: "passed", tests: [], durationMs: 5 } });
  expect(s.runs.e1a).toMatchObject({ state: "done" });
  s = reduce(s, { type: "run-started", exerciseId: "e1a", trigger: "key", atMs: 2 });
  expect(s.runs.e1a).toEqual({ state: "running", tests: [], trigger: "key", sinceMs: 2 });
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

const failed = (name: string) => ({ name, state: "failed" as const, message: `why ${name}`, durationMs: 1 });

test("a verdict opens on its first failing check; tab moves the open check; enter closes it", () => {
  let s = reduce(initialState(course, emptyProgress()), { type: "open-exercise", exerciseId: "e1a" });
  const tests = [{ name: "ok", state: "passed" as const, durationMs: 1 }, failed("a"), failed("b")];
  s = reduce(s, { type: "run-finished", exerciseId: "e1a", result: { status: "failed", tests, durationMs: 5 } });
  expect(s.screen).toMatchObject({ selected: 1, expanded: 1, scroll: 0 });
  s = reduce(s, { type: "select-check", delta: 1, count: 3 });
  expect(s.screen).toMatchObject({ selected: 2, expanded: 2 });
  s = reduce(s, { type: "select-check", delta: 1, count: 3 });
  expect(s.screen).toMatchObject({ selected: 2 });
  s = reduce(s, { type: "toggle-check" });
  expect(s.screen).toMatchObject({ selected: 2, expanded: undefined });
});

test("a check asked for while the broker starts waits, and is cleared when it starts", () => {
  let s = reduce(initialState(course, emptyProgress()), { type: "check-pending", exerciseId: "e1a" });
  expect(s.pendingCheck).toBe("e1a");
  s = reduce(s, { type: "run-started", exerciseId: "e1a", trigger: "key", atMs: 1 });
  expect(s.pendingCheck).toBeUndefined();
});

test("help and the inspector open over any screen and esc returns to it", () => {
  let s = reduce(initialState(course, emptyProgress()), { type: "open-exercise", exerciseId: "e1a" });
  s = reduce(s, { type: "toggle-help" });
  expect(s.help).toBe(true);
  s = reduce(s, { type: "back" });
  expect(s).toMatchObject({ help: false, screen: { kind: "exercise" } });
  s = reduce(s, { type: "open-inspector", only: { topics: ["t-1"], groups: [] } });
  expect(s.screen).toMatchObject({ kind: "inspector", inspector: { only: { topics: ["t-1"] }, all: false } });
  s = reduce(s, { type: "back" });
  expect(s.screen).toMatchObject({ kind: "exercise", exerciseId: "e1a" });
});
