import type { Course, Exercise, Lesson } from "../content/model.js";
import type { Progress } from "../progress/store.js";
import type { CheckResult, TestOutcome } from "../runner/types.js";
import type { SkillReport } from "../skill/index.js";

/** All UI state, changed only by `reduce`. Components render slices of it. */
export type Screen =
  | { readonly kind: "map" }
  | { readonly kind: "lesson"; readonly lessonId: string; readonly scroll: number }
  | { readonly kind: "exercise"; readonly exerciseId: string };

export type BrokerStatus =
  | { readonly state: "starting"; readonly message: string; readonly sinceMs: number }
  | { readonly state: "ready"; readonly description: string; readonly startMs: number }
  | { readonly state: "failed"; readonly error: string };

export type RunState =
  | { readonly state: "running"; readonly tests: readonly TestOutcome[]; readonly trigger: "key" | "save" }
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
  readonly solutionShown: Readonly<Record<string, boolean>>;
  readonly watching: boolean;
  readonly confirm?: Confirm;
  readonly notice?: string;
  readonly skill?: SkillReport;
}

export type Event =
  | { readonly type: "cursor"; readonly delta: number }
  | { readonly type: "open" }
  | { readonly type: "back" }
  | { readonly type: "scroll"; readonly delta: number; readonly max: number }
  | { readonly type: "open-exercise"; readonly exerciseId: string }
  | { readonly type: "broker"; readonly status: BrokerStatus }
  | { readonly type: "run-started"; readonly exerciseId: string; readonly trigger: "key" | "save" }
  | { readonly type: "run-test"; readonly exerciseId: string; readonly test: TestOutcome }
  | { readonly type: "run-finished"; readonly exerciseId: string; readonly result: CheckResult }
  | { readonly type: "progress"; readonly progress: Progress }
  | { readonly type: "toggle-watch" }
  | { readonly type: "ask"; readonly confirm: Confirm }
  | { readonly type: "answer"; readonly yes: boolean }
  | { readonly type: "solution-shown"; readonly exerciseId: string }
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

export function initialState(course: Course, progress: Progress): State {
  const next = nextExercise(course, progress);
  const rows = mapRows(course);
  const cursor = Math.max(
    0,
    rows.findIndex((r) => r.kind === "exercise" && r.exercise.id === next?.id),
  );
  return {
    course,
    screen: { kind: "map" },
    cursor,
    broker: { state: "starting", message: "looking for a Kafka broker", sinceMs: Date.now() },
    progress,
    runs: {},
    solutionShown: {},
    watching: true,
  };
}

export function reduce(s: State, e: Event): State {
  switch (e.type) {
    case "cursor": {
      const n = mapRows(s.course).length;
      return { ...s, cursor: Math.min(Math.max(0, s.cursor + e.delta), Math.max(0, n - 1)) };
    }
    case "open": {
      const row = mapRows(s.course)[s.cursor];
      if (!row) return s;
      return row.kind === "lesson"
        ? { ...s, screen: { kind: "lesson", lessonId: row.lesson.id, scroll: 0 } }
        : { ...s, screen: { kind: "exercise", exerciseId: row.exercise.id } };
    }
    case "open-exercise":
      return { ...s, screen: { kind: "exercise", exerciseId: e.exerciseId }, notice: undefined };
    case "back":
      if (s.confirm) return { ...s, confirm: undefined };
      return { ...s, screen: { kind: "map" }, notice: undefined };
    case "scroll":
      if (s.screen.kind !== "lesson") return s;
      return { ...s, screen: { ...s.screen, scroll: Math.min(Math.max(0, s.screen.scroll + e.delta), e.max) } };
    case "broker":
      return { ...s, broker: e.status };
    case "run-started":
      return { ...s, runs: { ...s.runs, [e.exerciseId]: { state: "running", tests: [], trigger: e.trigger } } };
    case "run-test": {
      const run = s.runs[e.exerciseId];
      if (run?.state !== "running") return s;
      return { ...s, runs: { ...s.runs, [e.exerciseId]: { ...run, tests: [...run.tests, e.test] } } };
    }
    case "run-finished":
      return { ...s, runs: { ...s.runs, [e.exerciseId]: { state: "done", result: e.result } } };
    case "progress":
      return { ...s, progress: e.progress };
    case "toggle-watch":
      return { ...s, watching: !s.watching };
    case "ask":
      return { ...s, confirm: e.confirm };
    case "answer":
      return { ...s, confirm: undefined };
    case "solution-shown":
      return { ...s, solutionShown: { ...s.solutionShown, [e.exerciseId]: true } };
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
