import { useInput, type Key } from "ink";
import { useCallback, useRef } from "react";
import { findExercise } from "../content/loader.js";
import type { Course } from "../content/model.js";
import type { AppServices } from "./App.js";
import type { View } from "./Frame.js";
import { INSPECTOR_TABS } from "./inspector-state.js";
import { inspectorItemRows } from "./inspector-view.js";
import { mapRows, nextExercise, type Event, type State } from "./state.js";

export interface KeyContext {
  readonly state: State;
  readonly course: Course;
  readonly services: AppServices;
  readonly dispatch: (e: Event) => void;
  readonly exit: () => void;
  readonly runCheck: (exerciseId: string, trigger: "key" | "save") => void;
  readonly view: View;
  readonly height: number;
  readonly maxScroll: number;
  /** Checks in the verdict on screen. */
  readonly exerciseCount: number;
}

/** Scrolling the same way on every screen: j/k and arrows, space/b and PgDn/PgUp, g/G and Home/End. */
function scrollKey(input: string, key: Key, c: KeyContext, arrows: boolean): boolean {
  const by = (delta: number) => c.dispatch({ type: "scroll", delta, max: c.maxScroll });
  if (input === "j" || (arrows && key.downArrow)) by(1);
  else if (input === "k" || (arrows && key.upArrow)) by(-1);
  else if (input === " " || key.pageDown) by(Math.max(1, c.height - 1));
  else if (input === "b" || key.pageUp) by(-Math.max(1, c.height - 1));
  else if (input === "g" || key.home) c.dispatch({ type: "scroll-to", line: 0, max: c.maxScroll });
  else if (input === "G" || key.end) c.dispatch({ type: "scroll-to", line: c.maxScroll, max: c.maxScroll });
  else return false;
  return true;
}

async function showSolution(c: KeyContext, exerciseId: string): Promise<void> {
  const e = findExercise(c.course, exerciseId);
  if (!e) return;
  c.dispatch({ type: "open-solution", exerciseId });
  const upTo = nextExercise(c.course, c.state.progress)?.lessonOrder ?? c.course.lessons.at(-1)?.order ?? 0;
  const text = await (e.kind === "skill" ? c.services.lessonSkillReference(upTo) : c.services.solutionText(e.id)).catch(
    (err: Error) => `Could not read the solution: ${err.message}`,
  );
  c.dispatch({ type: "solution-text", exerciseId, text });
}

function onKey(input: string, key: Key, c: KeyContext): void {
  const { state, dispatch } = c;
  const screen = state.screen;
  if (state.confirm) {
    const yes = input === "y" || input === "Y";
    const ask = state.confirm;
    dispatch({ type: "answer", yes });
    if (!yes) return;
    if (ask.action === "reset")
      void c.services.reset(ask.exerciseId).then((text) => dispatch({ type: "notice", text }));
    else void showSolution(c, ask.exerciseId);
    return;
  }
  if (input === "?") return dispatch({ type: "toggle-help" });
  if (key.escape || (input === "q" && screen.kind !== "map") || (key.backspace && screen.kind !== "map"))
    return dispatch({ type: "back" });
  if (state.help) return void scrollKey(input, key, c, true);
  if (input === "q") return c.exit();
  if (input === "i" && screen.kind !== "inspector") {
    const id = screen.kind === "exercise" ? screen.exerciseId : undefined;
    const run = id ? state.runs[id] : undefined;
    const only = id && run?.state === "done" && run.result.status !== "passed" ? state.created[id] : undefined;
    return dispatch({ type: "open-inspector", ...(only && only.topics.length + only.groups.length > 0 && { only }) });
  }
  switch (screen.kind) {
    case "map":
      if (key.upArrow || input === "k") dispatch({ type: "cursor", delta: -1 });
      else if (key.downArrow || input === "j") dispatch({ type: "cursor", delta: 1 });
      else if (key.pageDown || input === " ") dispatch({ type: "cursor", delta: c.height - 1 });
      else if (key.pageUp || input === "b") dispatch({ type: "cursor", delta: -(c.height - 1) });
      else if (input === "g" || key.home) dispatch({ type: "cursor", delta: -mapRows(c.course).length });
      else if (input === "G" || key.end) dispatch({ type: "cursor", delta: mapRows(c.course).length });
      else if (key.return) dispatch({ type: "open" });
      return;
    case "lesson": {
      const lesson = c.course.lessons.find((l) => l.id === screen.lessonId);
      if (input === "e" && lesson?.exercises[0])
        dispatch({ type: "open-exercise", exerciseId: lesson.exercises[0].id });
      else scrollKey(input, key, c, true);
      return;
    }
    case "solution":
      scrollKey(input, key, c, true);
      return;
    case "inspector":
      return inspectorKey(input, key, c);
    case "exercise":
      return exerciseKey(input, key, c, screen.exerciseId);
  }
}

function exerciseKey(input: string, key: Key, c: KeyContext, id: string): void {
  const { state, dispatch } = c;
  const progress = state.progress.exercises[id];
  const exercise = findExercise(c.course, id);
  if (!exercise) return;
  if (input === "c") c.runCheck(id, "key");
  else if (input === "w") dispatch({ type: "toggle-watch" });
  else if (key.tab || input === "]" || input === "[")
    dispatch({ type: "select-check", delta: key.shift || input === "[" ? -1 : 1, count: c.exerciseCount });
  else if (key.return) dispatch({ type: "toggle-check" });
  else if (input === "n" && progress?.passed) {
    const order = c.course.lessons.flatMap((l) => l.exercises);
    const after = order[order.findIndex((e) => e.id === id) + 1];
    if (after) dispatch({ type: "open-exercise", exerciseId: after.id });
  } else if (input === "h") {
    const shown = Math.min(exercise.hints.length, (progress?.hintsShown ?? 0) + 1);
    void c.services.record(id, undefined, shown).then((p) => dispatch({ type: "progress", progress: p }));
  } else if (input === "r") dispatch({ type: "ask", confirm: { action: "reset", exerciseId: id } });
  else if (input === "s") {
    if (progress?.passed) void showSolution(c, id);
    else if ((progress?.attempts ?? 0) < 2)
      dispatch({
        type: "notice",
        text: "The solution opens after a pass, or after two attempts (then with a confirmation).",
      });
    else dispatch({ type: "ask", confirm: { action: "solution", exerciseId: id } });
  } else scrollKey(input, key, c, true);
}

function inspectorKey(input: string, key: Key, c: KeyContext): void {
  const { dispatch } = c;
  if (c.state.screen.kind !== "inspector") return;
  const s = c.state.screen.inspector;
  const inspect = (event: Extract<Event, { type: "inspector" }>["event"]) => dispatch({ type: "inspector", event });
  const tabIndex = INSPECTOR_TABS.indexOf(s.tab);
  const digit = Number(input);
  if (digit >= 1 && digit <= INSPECTOR_TABS.length) return inspect({ type: "tab", tab: INSPECTOR_TABS[digit - 1]! });
  if (key.tab) {
    const n = INSPECTOR_TABS.length;
    return inspect({ type: "tab", tab: INSPECTOR_TABS[(tabIndex + (key.shift ? n - 1 : 1)) % n]! });
  }
  if (input === "a") return inspect({ type: "toggle-all" });
  if (input === "r") return inspect({ type: "loading" });
  const items = inspectorItemRows(c.view).length;
  const choosing = s.tab === "topics" || s.tab === "groups";
  if (choosing && (key.upArrow || key.downArrow))
    return inspect({ type: "cursor", delta: key.upArrow ? -1 : 1, count: items });
  const topic = s.topics?.[s.cursor];
  if (s.tab === "topics" && key.return && topic)
    return inspect({ type: "records-at", at: { topic: topic.name, partition: 0, from: 0 } });
  if (s.tab === "records" && s.at && s.page) {
    const parts = s.topics?.find((t) => t.name === s.at?.topic)?.partitions.length ?? 1;
    if (key.rightArrow || key.leftArrow) {
      const partition = (s.at.partition + (key.rightArrow ? 1 : parts - 1)) % parts;
      return inspect({ type: "records-at", at: { topic: s.at.topic, partition, from: 0 } });
    }
    if (input === "n" && s.page.next < s.page.high)
      return inspect({ type: "records-at", at: { ...s.at, from: s.page.next } });
    if (input === "p" && s.at.from > s.page.low)
      return inspect({ type: "records-at", at: { ...s.at, from: Math.max(s.page.low, s.at.from - 20) } });
  }
  scrollKey(input, key, c, !choosing);
}

/** Keys typed faster than a frame arrive together ("jjj"): each is handled on its own. */
export function useKeys(context: KeyContext): void {
  // Read at key time, not from the render that registered the handler: Ink re-subscribes in an
  // effect, and a key arriving before that effect ran would meet the previous screen's state.
  const latest = useRef(context);
  latest.current = context;
  const handler = useCallback((input: string, key: Key) => {
    const c = latest.current;
    if (input.length > 1 && !key.ctrl && !key.meta)
      for (const ch of input) onKey(ch, { ...key, return: ch === "\r" || ch === "\n", tab: ch === "\t" }, c);
    else onKey(input, key, c);
  }, []);
  useInput(handler);
}
