import type { Course, Exercise, Lesson } from "../content/model.js";
import type { NameSnapshot } from "../inspector/index.js";
import type { Progress } from "../progress/store.js";
import type { CheckResult, TestOutcome } from "../runner/types.js";
import type { SkillReport } from "../skill/index.js";
import { initialInspector, reduceInspector, type InspectorEvent, type InspectorState } from "./inspector-state.js";

/** All UI state, changed only by `reduce`. Components render slices of it. */
export type Screen =
  | { readonly kind: "map" }
  | { readonly kind: "lesson"; readonly lessonId: string; readonly scroll: number }
  | {
      readonly kind: "exercise";
      readonly exerciseId: string;
      readonly scroll: number;
      /** The check the verdict's cursor is on, and the one shown in full (at most one). */
      readonly selected: number;
      readonly expanded: number | undefined;
    }
  | { readonly kind: "solution"; readonly exerciseId: string; readonly scroll: number; readonly text?: string }
  | { readonly kind: "inspector"; readonly back: Screen; readonly inspector: InspectorState };

export type BrokerStatus =
  | { readonly state: "starting"; readonly message: string; readonly sinceMs: number }
  | { readonly state: "ready"; readonly description: string; readonly startMs: number }
  | { readonly state: "failed"; readonly error: string };

export type RunState =
  | {
      readonly state: "running";
      readonly tests: readonly TestOutcome[];
      /** Tests that started and have not finished yet, by name. */
      readonly started?: readonly string[];
      readonly trigger: "key" | "save";
      readonly sinceMs: number;
    }
  | { readonly state: "done"; readonly result: CheckResult };

export interface Confirm {
  readonly action: "reset" | "solution";
  readonly exerciseId: string;
}

export interface State {
  readonly course: Course;
  readonly screen: Screen;
  /** Index into the course map's rows. */
  readonly cursor: number;
  readonly broker: BrokerStatus;
  readonly progress: Progress;
  readonly runs: Readonly<Record<string, RunState>>;
  /** The topics and groups each exercise's last check created on the broker. */
  readonly created: Readonly<Record<string, NameSnapshot>>;
  readonly solutionShown: Readonly<Record<string, boolean>>;
  readonly watching: boolean;
  /** A check asked for before the broker was ready: it runs when the broker is. */
  readonly pendingCheck?: string;
  readonly help: boolean;
  readonly helpScroll: number;
  readonly confirm?: Confirm;
  readonly notice?: string;
  readonly skill?: SkillReport;
}

export type Event =
  | { readonly type: "cursor"; readonly delta: number }
  | { readonly type: "open" }
  | { readonly type: "back" }
  | { readonly type: "scroll"; readonly delta: number; readonly max: number }
  | { readonly type: "scroll-to"; readonly line: number; readonly max: number }
  | { readonly type: "select-check"; readonly delta: number; readonly count: number }
  | { readonly type: "toggle-check" }
  | { readonly type: "open-exercise"; readonly exerciseId: string }
  | { readonly type: "open-solution"; readonly exerciseId: string }
  | { readonly type: "solution-text"; readonly exerciseId: string; readonly text: string }
  | { readonly type: "open-inspector"; readonly only?: NameSnapshot }
  | { readonly type: "inspector"; readonly event: InspectorEvent }
  | { readonly type: "broker"; readonly status: BrokerStatus }
  | { readonly type: "check-pending"; readonly exerciseId: string | undefined }
  | {
      readonly type: "run-started";
      readonly exerciseId: string;
      readonly trigger: "key" | "save";
      readonly atMs: number;
    }
  | { readonly type: "run-test"; readonly exerciseId: string; readonly test: TestOutcome }
  | { readonly type: "run-test-started"; readonly exerciseId: string; readonly name: string }
  | { readonly type: "run-finished"; readonly exerciseId: string; readonly result: CheckResult }
  | { readonly type: "run-created"; readonly exerciseId: string; readonly names: NameSnapshot }
  | { readonly type: "progress"; readonly progress: Progress }
  | { readonly type: "toggle-watch" }
  | { readonly type: "toggle-help" }
  | { readonly type: "ask"; readonly confirm: Confirm }
  | { readonly type: "answer"; readonly yes: boolean }
  | { readonly type: "notice"; readonly text: string | undefined }
  | { readonly type: "skill"; readonly report: SkillReport };

/** The course map's rows: each lesson, then its exercises. */
export type Row =
  { readonly kind: "lesson"; readonly lesson: Lesson } | { readonly kind: "exercise"; readonly exercise: Exercise };

export function mapRows(course: Course): Row[] {
  return course.lessons.flatMap((lesson) => [
    { kind: "lesson", lesson } as const,
    ...lesson.exercises.map((exercise) => ({ kind: "exercise", exercise }) as const),
  ]);
}

/** The first exercise not yet passed: what the map highlights as "next". */
export function nextExercise(course: Course, progress: Progress): Exercise | undefined {
  return course.lessons.flatMap((l) => l.exercises).find((e) => !progress.exercises[e.id]?.passed);
}

/** The first failing check, else the first: what a verdict opens on. */
export function firstFailing(tests: readonly TestOutcome[]): number | undefined {
  const i = tests.findIndex((t) => t.state === "failed");
  return i >= 0 ? i : undefined;
}

const exerciseScreen = (exerciseId: string, failing?: number): Screen => ({
  kind: "exercise",
  exerciseId,
  scroll: 0,
  selected: failing ?? 0,
  expanded: failing,
});

/** The cursor starts on the lesson of the next exercise: Enter reads it before doing it. */
export function initialState(course: Course, progress: Progress): State {
  const next = nextExercise(course, progress);
  const rows = mapRows(course);
  const cursor = Math.max(
    0,
    rows.findIndex((r) => r.kind === "lesson" && r.lesson.id === (next?.lessonId ?? course.lessons.at(-1)?.id)),
  );
  return {
    course,
    screen: { kind: "map" },
    cursor,
    broker: { state: "starting", message: "looking for a Kafka broker", sinceMs: Date.now() },
    progress,
    runs: {},
    created: {},
    solutionShown: {},
    watching: true,
    help: false,
    helpScroll: 0,
  };
}

const clamp = (n: number, max: number) => Math.min(Math.max(0, n), Math.max(0, max));

function withScroll(screen: Screen, f: (scroll: number) => number): Screen {
  switch (screen.kind) {
    case "lesson":
    case "exercise":
    case "solution":
      return { ...screen, scroll: f(screen.scroll) };
    case "inspector":
      return { ...screen, inspector: { ...screen.inspector, scroll: f(screen.inspector.scroll) } };
    case "map":
      return screen;
  }
}

export function reduce(s: State, e: Event): State {
  switch (e.type) {
    case "cursor": {
      const n = mapRows(s.course).length;
      return { ...s, cursor: clamp(s.cursor + e.delta, n - 1) };
    }
    case "open": {
      const row = mapRows(s.course)[s.cursor];
      if (!row) return s;
      return row.kind === "lesson"
        ? { ...s, screen: { kind: "lesson", lessonId: row.lesson.id, scroll: 0 } }
        : { ...s, screen: exerciseScreen(row.exercise.id) };
    }
    case "open-exercise": {
      const run = s.runs[e.exerciseId];
      const failing = run?.state === "done" ? firstFailing(run.result.tests) : undefined;
      return { ...s, screen: exerciseScreen(e.exerciseId, failing), notice: undefined };
    }
    case "open-solution":
      return { ...s, screen: { kind: "solution", exerciseId: e.exerciseId, scroll: 0 }, notice: undefined };
    case "solution-text":
      if (s.screen.kind !== "solution" || s.screen.exerciseId !== e.exerciseId) return s;
      return {
        ...s,
        screen: { ...s.screen, text: e.text },
        solutionShown: { ...s.solutionShown, [e.exerciseId]: true },
      };
    case "open-inspector": {
      const back = s.screen.kind === "inspector" ? s.screen.back : s.screen;
      return { ...s, help: false, screen: { kind: "inspector", back, inspector: initialInspector(e.only) } };
    }
    case "inspector":
      if (s.screen.kind !== "inspector") return s;
      return { ...s, screen: { ...s.screen, inspector: reduceInspector(s.screen.inspector, e.event) } };
    case "back":
      if (s.confirm) return { ...s, confirm: undefined };
      if (s.help) return { ...s, help: false };
      if (s.screen.kind === "inspector") return { ...s, screen: s.screen.back };
      if (s.screen.kind === "solution") return reduce(s, { type: "open-exercise", exerciseId: s.screen.exerciseId });
      return { ...s, screen: { kind: "map" }, notice: undefined };
    case "scroll":
      if (s.help) return { ...s, helpScroll: clamp(s.helpScroll + e.delta, e.max) };
      return { ...s, screen: withScroll(s.screen, (n) => clamp(n + e.delta, e.max)) };
    case "scroll-to":
      if (s.help) return { ...s, helpScroll: clamp(e.line, e.max) };
      return { ...s, screen: withScroll(s.screen, () => clamp(e.line, e.max)) };
    case "select-check": {
      if (s.screen.kind !== "exercise" || e.count === 0) return s;
      const selected = clamp(s.screen.selected + e.delta, e.count - 1);
      return { ...s, screen: { ...s.screen, selected, expanded: selected } };
    }
    case "toggle-check":
      if (s.screen.kind !== "exercise") return s;
      return {
        ...s,
        screen: { ...s.screen, expanded: s.screen.expanded === s.screen.selected ? undefined : s.screen.selected },
      };
    case "broker":
      return { ...s, broker: e.status };
    case "check-pending":
      return { ...s, pendingCheck: e.exerciseId };
    case "run-started":
      return {
        ...s,
        pendingCheck: s.pendingCheck === e.exerciseId ? undefined : s.pendingCheck,
        runs: { ...s.runs, [e.exerciseId]: { state: "running", tests: [], trigger: e.trigger, sinceMs: e.atMs } },
      };
    case "run-test": {
      const run = s.runs[e.exerciseId];
      if (run?.state !== "running") return s;
      const started = (run.started ?? []).filter((n) => n !== e.test.name);
      return { ...s, runs: { ...s.runs, [e.exerciseId]: { ...run, tests: [...run.tests, e.test], started } } };
    }
    case "run-test-started": {
      const run = s.runs[e.exerciseId];
      if (run?.state !== "running") return s;
      return { ...s, runs: { ...s.runs, [e.exerciseId]: { ...run, started: [...(run.started ?? []), e.name] } } };
    }
    case "run-finished": {
      const runs = { ...s.runs, [e.exerciseId]: { state: "done", result: e.result } as const };
      const failing = firstFailing(e.result.tests);
      const screen =
        s.screen.kind === "exercise" && s.screen.exerciseId === e.exerciseId
          ? { ...s.screen, selected: failing ?? 0, expanded: failing, scroll: 0 }
          : s.screen;
      return { ...s, runs, screen };
    }
    case "run-created":
      return { ...s, created: { ...s.created, [e.exerciseId]: e.names } };
    case "progress":
      return { ...s, progress: e.progress };
    case "toggle-watch":
      return { ...s, watching: !s.watching };
    case "toggle-help":
      return { ...s, help: !s.help, helpScroll: 0 };
    case "ask":
      return { ...s, confirm: e.confirm };
    case "answer":
      return { ...s, confirm: undefined };
    case "notice":
      return { ...s, notice: e.text };
    case "skill":
      return { ...s, skill: e.report };
    default: {
      const never: never = e;
      return never;
    }
  }
}
