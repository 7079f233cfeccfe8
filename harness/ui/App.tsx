import { Box, Text, useApp, useInput, useStdout } from "ink";
import { readFile } from "node:fs/promises";
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import type { RunningBroker } from "../broker/types.js";
import { findExercise } from "../content/loader.js";
import type { Course } from "../content/model.js";
import type { Progress } from "../progress/store.js";
import type { CheckResult, TestOutcome } from "../runner/types.js";
import type { SkillReport } from "../skill/index.js";
import { watchFile } from "../watch/watch-file.js";
import { BrokerStatus } from "./BrokerStatus.js";
import { CourseMap } from "./CourseMap.js";
import { ExerciseView } from "./ExerciseView.js";
import { LessonReader, lessonLineCount } from "./LessonReader.js";
import { initialState, mapRows, nextExercise, reduce, type BrokerStatus as Status } from "./state.js";

/** What the app needs from the outside world; run-app.ts wires the real ones, tests pass fakes. */
export interface AppServices {
  readonly root: string;
  startBroker(onProgress: (m: string) => void): Promise<RunningBroker>;
  check(exerciseId: string, signal: AbortSignal, onTest: (t: TestOutcome) => void): Promise<CheckResult>;
  record(exerciseId: string, passed: boolean | undefined, hintsShown?: number): Promise<Progress>;
  reset(exerciseId: string): Promise<string>;
  checkSkill(): Promise<SkillReport | undefined>;
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
  const [size, setSize] = useState({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [now, setNow] = useState(Date.now());
  const [solution, setSolution] = useState<Record<string, string>>({});
  const running = useRef<AbortController | undefined>(undefined);
  const brokerReady = state.broker.state === "ready";

  useEffect(() => {
    const onResize = () => setSize({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
    stdout.on("resize", onResize);
    return () => void stdout.off("resize", onResize);
  }, [stdout]);

  useEffect(() => {
    if (state.broker.state !== "starting") return;
    const t = setInterval(() => setNow(Date.now()), 120);
    return () => clearInterval(t);
  }, [state.broker.state]);

  useEffect(() => {
    let live = true;
    const set = (status: Status) => live && dispatch({ type: "broker", status });
    const since = Date.now();
    services
      .startBroker((message) => set({ state: "starting", message, sinceMs: since }))
      .then((b) => set({ state: "ready", description: b.description, startMs: b.startMs }))
      .catch((e: Error) => set({ state: "failed", error: e.message }));
    void services.checkSkill().then((r) => r && live && dispatch({ type: "skill", report: r }));
    return () => {
      live = false;
    };
  }, [services]);

  const runCheck = useCallback(
    (exerciseId: string, trigger: "key" | "save") => {
      const exercise = findExercise(course, exerciseId);
      if (!exercise) return;
      if (exercise.kind === "code" && !brokerReady) {
        dispatch({ type: "notice", text: "The broker is not ready yet: the check runs as soon as it is." });
        return;
      }
      running.current?.abort();
      const ac = new AbortController();
      running.current = ac;
      dispatch({ type: "run-started", exerciseId, trigger });
      void services
        .check(exerciseId, ac.signal, (test) => !ac.signal.aborted && dispatch({ type: "run-test", exerciseId, test }))
        .then(async (result) => {
          if (ac.signal.aborted) return;
          dispatch({ type: "run-finished", exerciseId, result });
          dispatch({ type: "progress", progress: await services.record(exerciseId, result.status === "passed") });
          if (exercise.kind === "skill")
            void services.checkSkill().then((r) => r && dispatch({ type: "skill", report: r }));
        });
    },
    [course, services, brokerReady],
  );

  const screen = state.screen;
  const exerciseId = screen.kind === "exercise" ? screen.exerciseId : undefined;
  const current = exerciseId ? findExercise(course, exerciseId) : undefined;

  useEffect(() => {
    if (!current || !state.watching) return;
    return watchFile(current.stubPath, () => runCheck(current.id, "save"));
  }, [current, state.watching, runCheck]);

  const showSolution = useCallback(
    async (id: string) => {
      const e = findExercise(course, id);
      if (!e) return;
      setSolution((s) => ({ ...s, [id]: "" }));
      const text = await readFile(e.solutionPath, "utf8");
      setSolution((s) => ({ ...s, [id]: text }));
      dispatch({ type: "solution-shown", exerciseId: id });
    },
    [course],
  );

  const bodyHeight = Math.max(5, size.rows - 4);
  const rows = mapRows(course);

  // Keys typed faster than a frame arrive together ("jjj"): handle them one by one.
  useInput((input, key) => {
    if (input.length > 1 && !key.ctrl && !key.meta) for (const ch of input) onKey(ch, key);
    else onKey(input, key);
  });

  function onKey(input: string, key: Parameters<Parameters<typeof useInput>[0]>[1]): void {
    if (state.confirm) {
      const yes = input === "y" || input === "Y";
      const c = state.confirm;
      dispatch({ type: "answer", yes });
      if (!yes) return;
      if (c.action === "reset") void services.reset(c.exerciseId).then((text) => dispatch({ type: "notice", text }));
      else void showSolution(c.exerciseId);
      return;
    }
    if (input === "q" && screen.kind === "map") return exit();
    if (key.escape || (key.backspace && screen.kind !== "map")) return dispatch({ type: "back" });
    if (screen.kind === "map") {
      if (key.upArrow || input === "k") dispatch({ type: "cursor", delta: -1 });
      else if (key.downArrow || input === "j") dispatch({ type: "cursor", delta: 1 });
      else if (key.return) dispatch({ type: "open" });
      return;
    }
    if (screen.kind === "lesson") {
      const lesson = course.lessons.find((l) => l.id === screen.lessonId);
      const max = lesson ? Math.max(0, lessonLineCount(lesson, size.columns - 2) - bodyHeight) : 0;
      if (key.upArrow || input === "k") dispatch({ type: "scroll", delta: -1, max });
      else if (key.downArrow || input === "j") dispatch({ type: "scroll", delta: 1, max });
      else if (input === " " || key.pageDown) dispatch({ type: "scroll", delta: bodyHeight - 1, max });
      else if (input === "b" || key.pageUp) dispatch({ type: "scroll", delta: -(bodyHeight - 1), max });
      else if (input === "e" && lesson?.exercises[0])
        dispatch({ type: "open-exercise", exerciseId: lesson.exercises[0].id });
      else if (input === "q") dispatch({ type: "back" });
      return;
    }
    if (!current) return;
    if (input === "c") runCheck(current.id, "key");
    else if (input === "w") dispatch({ type: "toggle-watch" });
    else if (input === "h") {
      const shown = Math.min(current.hints.length, (state.progress.exercises[current.id]?.hintsShown ?? 0) + 1);
      void services.record(current.id, undefined, shown).then((progress) => dispatch({ type: "progress", progress }));
    } else if (input === "r") dispatch({ type: "ask", confirm: { action: "reset", exerciseId: current.id } });
    else if (input === "s") {
      if (state.progress.exercises[current.id]?.passed) void showSolution(current.id);
      else if ((state.progress.exercises[current.id]?.attempts ?? 0) < 2)
        dispatch({
          type: "notice",
          text: "The solution opens after a pass, or after two attempts (then with a confirmation).",
        });
      else dispatch({ type: "ask", confirm: { action: "solution", exerciseId: current.id } });
    } else if (input === "q") dispatch({ type: "back" });
  }

  const next = nextExercise(course, state.progress);
  return (
    <Box flexDirection="column" width={size.columns}>
      <Text bold color="magentaBright">
        Kafka for AI Services <Text dimColor>{screen.kind === "map" ? "· ↑/↓ choose · enter open · q quit" : ""}</Text>
      </Text>
      {course.problems.map((p) => (
        <Text key={p.file} color="red">
          Content problem in {p.file}: {p.message}
        </Text>
      ))}
      <Box flexDirection="column" height={bodyHeight} overflow="hidden">
        {screen.kind === "map" ? (
          <CourseMap
            rows={rows}
            cursor={state.cursor}
            progress={state.progress}
            nextId={next?.id}
            skill={state.skill}
            height={bodyHeight}
          />
        ) : screen.kind === "lesson" ? (
          (() => {
            const lesson = course.lessons.find((l) => l.id === screen.lessonId);
            return lesson ? (
              <LessonReader lesson={lesson} scroll={screen.scroll} width={size.columns - 2} height={bodyHeight - 1} />
            ) : null;
          })()
        ) : current ? (
          <ExerciseView
            root={services.root}
            exercise={current}
            run={state.runs[current.id]}
            hintsShown={state.progress.exercises[current.id]?.hintsShown ?? 0}
            watching={state.watching}
            solution={solution[current.id]}
            confirm={state.confirm}
            notice={state.notice}
          />
        ) : null}
      </Box>
      {screen.kind === "map" && state.notice ? <Text color="magenta">{state.notice}</Text> : null}
      <BrokerStatus status={state.broker} now={now} />
    </Box>
  );
}
