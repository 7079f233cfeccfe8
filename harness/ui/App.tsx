import { useApp, useStdout } from "ink";
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import type { KafkaConnection, RunningBroker } from "../broker/types.js";
import { findExercise } from "../content/loader.js";
import type { Course } from "../content/model.js";
import type { Progress } from "../progress/store.js";
import type { SessionEvent } from "../session/events.js";
import type { CheckResult, TestOutcome } from "../runner/types.js";
import type { SkillReport } from "../skill/index.js";
import { watchFile } from "../watch/watch-file.js";
import { createdBetween } from "../inspector/index.js";
import { brokerLine } from "./chrome.js";
import { exerciseView } from "./exercise-view.js";
import { bodyHeight, Frame, messageLines, type Size, type View } from "./Frame.js";
import { helpView } from "./help-view.js";
import { inspectorItemRows, inspectorView } from "./inspector-view.js";
import { useKeys } from "./keys.js";
import { mapScroll, mapView } from "./map-view.js";
import { readerView } from "./reader-view.js";
import { solutionView } from "./solution-view.js";
import { initialState, mapRows, nextExercise, reduce, type BrokerStatus as Status } from "./state.js";
import { useInspector, type InspectorSource } from "./use-inspector.js";

/** What the app needs from the outside world; run-app.tsx wires the real ones, tests pass fakes. */
export interface AppServices extends InspectorSource {
  readonly root: string;
  startBroker(onProgress: (m: string) => void): Promise<RunningBroker>;
  check(
    exerciseId: string,
    signal: AbortSignal,
    onTest: (t: TestOutcome) => void,
    onTestStart?: (name: string) => void,
  ): Promise<CheckResult>;
  record(exerciseId: string, passed: boolean | undefined, hintsShown?: number): Promise<Progress>;
  reset(exerciseId: string): Promise<string>;
  checkSkill(): Promise<SkillReport | undefined>;
  /** The reference solution of a code exercise. */
  solutionText(exerciseId: string): Promise<string>;
  /** The reference skill up to a lesson, without what later lessons teach. */
  lessonSkillReference(upToLesson: number): Promise<string>;
  /** One check's budget, shown against its elapsed time. */
  readonly checkLimitMs?: number;
  /** What the session says as it happens: the broker restarting, a service starting, progress not saved. */
  watch?(listener: (e: SessionEvent) => void): () => void;
}

export interface AppProps {
  readonly course: Course;
  readonly progress: Progress;
  readonly services: AppServices;
  readonly startupNotice?: string;
}

export function App({ course, progress, services, startupNotice }: AppProps) {
  const [state, dispatch] = useReducer(reduce, undefined, () => ({
    ...initialState(course, progress),
    ...(startupNotice && { notice: startupNotice }),
  }));
  const { exit } = useApp();
  const stdout = useStdout().stdout as NodeJS.WriteStream;
  const [size, setSize] = useState<Size>({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [now, setNow] = useState(Date.now());
  const [connection, setConnection] = useState<KafkaConnection | undefined>(undefined);
  const running = useRef<AbortController | undefined>(undefined);
  const screen = state.screen;
  const brokerReady = state.broker.state === "ready";
  const anyRunning = Object.values(state.runs).some((r) => r.state === "running");
  const inspectorScreen = screen.kind === "inspector" ? screen.inspector : undefined;
  const inspector = useInspector(services, connection, inspectorScreen, (event) =>
    dispatch({ type: "inspector", event }),
  );

  useEffect(() => {
    const onResize = () => setSize({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
    stdout.on("resize", onResize);
    return () => void stdout.off("resize", onResize);
  }, [stdout]);

  useEffect(() => {
    if (state.broker.state !== "starting" && !anyRunning) return;
    // The clock stood still while nothing ran: bring it to the present before the first tick.
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), state.broker.state === "starting" ? 120 : 500);
    return () => clearInterval(t);
  }, [state.broker.state, anyRunning]);

  useEffect(() => {
    let live = true;
    const set = (status: Status) => live && dispatch({ type: "broker", status });
    const since = Date.now();
    services
      .startBroker((message) => set({ state: "starting", message, sinceMs: since }))
      .then((b) => {
        if (live) setConnection(b.connection);
        set({ state: "ready", description: b.description, startMs: b.startMs });
      })
      .catch((e: Error) => set({ state: "failed", error: e.message }));
    void services.checkSkill().then((r) => r && live && dispatch({ type: "skill", report: r }));
    const unwatch = services.watch?.((e) => {
      if (e.type === "notice") dispatch({ type: "notice", text: e.text });
      else if (e.status.state !== "idle") set(e.status);
    });
    return () => {
      unwatch?.();
      live = false;
    };
  }, [services]);

  const runCheck = useCallback(
    (exerciseId: string, trigger: "key" | "save") => {
      const exercise = findExercise(course, exerciseId);
      if (!exercise) return;
      if (exercise.kind === "code" && !brokerReady) {
        if (state.broker.state === "failed")
          dispatch({ type: "notice", text: `The check needs a Kafka broker and none started: ${state.broker.error}` });
        else dispatch({ type: "check-pending", exerciseId });
        return;
      }
      running.current?.abort();
      const ac = new AbortController();
      running.current = ac;
      dispatch({ type: "run-started", exerciseId, trigger, atMs: Date.now() });
      void (async () => {
        const before = exercise.kind === "code" ? await inspector.names() : undefined;
        const result = await services.check(
          exerciseId,
          ac.signal,
          (test) => !ac.signal.aborted && dispatch({ type: "run-test", exerciseId, test }),
          (name) => !ac.signal.aborted && dispatch({ type: "run-test-started", exerciseId, name }),
        );
        if (ac.signal.aborted) return;
        dispatch({ type: "run-finished", exerciseId, result });
        dispatch({ type: "progress", progress: await services.record(exerciseId, result.status === "passed") });
        if (exercise.kind === "skill")
          void services.checkSkill().then((r) => r && dispatch({ type: "skill", report: r }));
        const after = before && (await inspector.names());
        if (before && after) dispatch({ type: "run-created", exerciseId, names: createdBetween(before, after) });
      })();
    },
    [course, services, brokerReady, state.broker, inspector],
  );

  // A check asked for while the broker started runs once it is ready.
  useEffect(() => {
    if (!state.pendingCheck || state.broker.state === "starting") return;
    const id = state.pendingCheck;
    dispatch({ type: "check-pending", exerciseId: undefined });
    runCheck(id, "key");
  }, [state.pendingCheck, state.broker.state, runCheck]);

  const current = screen.kind === "exercise" ? findExercise(course, screen.exerciseId) : undefined;
  useEffect(() => {
    if (!current || !state.watching) return;
    return watchFile(current.stubPath, () => runCheck(current.id, "save"));
  }, [current, state.watching, runCheck]);

  const rows = useMemo(() => mapRows(course), [course]);
  const next = nextExercise(course, state.progress);
  const exerciseLines = useMemo(() => {
    if (screen.kind !== "exercise" || !current) return undefined;
    const order = course.lessons.flatMap((l) => l.exercises);
    const after = order[order.findIndex((e) => e.id === current.id) + 1];
    const run = state.runs[current.id];
    return exerciseView({
      root: services.root,
      exercise: current,
      run,
      pending: state.pendingCheck === current.id,
      passed: state.progress.exercises[current.id]?.passed ?? false,
      nextTitle: after?.title,
      hintsShown: state.progress.exercises[current.id]?.hintsShown ?? 0,
      watching: state.watching,
      selected: screen.selected,
      expanded: screen.expanded,
      hasCreated: (state.created[current.id]?.topics.length ?? 0) > 0,
      width: size.columns,
      now,
      limitMs: services.checkLimitMs,
    });
  }, [screen, current, course, state, services, size.columns, now]);

  const lessonLines = useMemo(() => {
    const lesson = screen.kind === "lesson" ? course.lessons.find((l) => l.id === screen.lessonId) : undefined;
    return lesson ? readerView(lesson, size.columns) : undefined;
  }, [screen, course, size.columns]);

  const view: View = state.help
    ? helpView()
    : screen.kind === "map"
      ? mapView({ rows, cursor: state.cursor, progress: state.progress, nextId: next?.id, skill: state.skill })
      : screen.kind === "lesson" && lessonLines
        ? lessonLines
        : screen.kind === "exercise" && exerciseLines
          ? exerciseLines
          : screen.kind === "solution"
            ? solutionView({
                exerciseId: screen.exerciseId,
                file: findExercise(course, screen.exerciseId)?.file ?? "",
                text: screen.text,
                kind: findExercise(course, screen.exerciseId)?.kind ?? "code",
                upToLesson: next?.lessonOrder ?? course.lessons.at(-1)?.order ?? 0,
                width: size.columns,
              })
            : screen.kind === "inspector"
              ? inspectorView(
                  screen.inspector,
                  size.columns,
                  state.broker.state === "ready" ? "course broker" : "waiting for the broker",
                )
              : helpView();
  const messages = messageLines(
    [
      ...(state.confirm
        ? [
            {
              text:
                state.confirm.action === "reset"
                  ? "Reset this exercise to its starting stub? Your file is backed up first. (y/n)"
                  : "Show the reference solution before passing? Trying once more teaches more. (y/n)",
              color: "yellow",
            },
          ]
        : []),
      ...(state.notice ? [{ text: state.notice, color: "magenta" }] : []),
    ],
    size.columns,
  );
  const height = bodyHeight(size, view, messages);
  const scroll = state.help
    ? state.helpScroll
    : screen.kind === "map"
      ? mapScroll(state.cursor, rows.length, height)
      : screen.kind === "inspector"
        ? screen.inspector.scroll
        : screen.kind === "lesson" || screen.kind === "exercise" || screen.kind === "solution"
          ? screen.scroll
          : 0;

  // Keep the selected check (verdict) or item (inspector) in view when the selection moves.
  const selection =
    screen.kind === "exercise"
      ? exerciseLines?.checkRows[screen.selected]
      : screen.kind === "inspector"
        ? inspectorItemRows(view)[screen.inspector.cursor]
        : undefined;
  const selectionKey = screen.kind === "exercise" ? `${screen.selected}/${screen.expanded}` : inspectorScreen?.cursor;
  useEffect(() => {
    if (selection === undefined || state.help) return;
    if (selection < scroll || selection >= scroll + height - 2)
      dispatch({ type: "scroll-to", line: Math.max(0, selection - 1), max: Math.max(0, view.body.length - height) });
    // Only when the selection moves: free scrolling is the learner's.
  }, [selectionKey]);

  useKeys({
    state,
    course,
    services,
    dispatch,
    exit,
    runCheck,
    view,
    height,
    maxScroll: Math.max(0, view.body.length - height),
    exerciseCount: exerciseLines?.checkRows.length ?? 0,
  });

  return <Frame size={size} view={view} scroll={scroll} messages={messages} status={brokerLine(state.broker, now)} />;
}
