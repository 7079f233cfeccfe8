import { relative } from "node:path";
import type { Exercise } from "../content/model.js";
import type { TestOutcome } from "../runner/types.js";
import { keysLine, titleLine } from "./chrome.js";
import { learnerCommands } from "./commands.js";
import type { View } from "./Frame.js";
import type { RunState } from "./state.js";
import { blank, seg, textLines, truncate, wrap, type Line } from "./text.js";

export interface ExerciseViewProps {
  readonly root: string;
  readonly exercise: Exercise;
  readonly run: RunState | undefined;
  readonly pending: boolean;
  readonly passed: boolean;
  readonly nextTitle: string | undefined;
  readonly hintsShown: number;
  readonly watching: boolean;
  readonly selected: number;
  readonly expanded: number | undefined;
  readonly hasCreated: boolean;
  readonly width: number;
  readonly now: number;
  /** The runner's budget for one check, when known. */
  readonly limitMs: number | undefined;
}

export interface ExerciseLines extends View {
  /** The body row each check starts on, to scroll a selected check into view. */
  readonly checkRows: readonly number[];
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The summary row: always on screen, whatever the body's scroll. */
function summaryLine(p: ExerciseViewProps): Line {
  const run = p.run;
  if (p.pending) return [seg("⧗ waiting for the broker: this check runs as soon as it is ready", { color: "yellow" })];
  if (!run) return [seg("Not checked yet: press c, or save the file.", { dimColor: true })];
  if (run.state === "running") {
    const elapsed = `${Math.max(0, Math.round((p.now - run.sinceMs) / 1000))} s`;
    return [
      seg(p.exercise.kind === "code" ? "⟳ checking against the broker… " : "⟳ checking… ", {
        color: "yellow",
        bold: true,
      }),
      seg(`${run.tests.length} done · ${elapsed}${p.limitMs ? ` of ${Math.round(p.limitMs / 1000)} s limit` : ""}`, {
        color: "yellow",
      }),
    ];
  }
  const r = run.result;
  const failed = r.tests.filter((t) => t.state === "failed").length;
  if (r.status === "passed")
    return [
      seg(`✓ All ${r.tests.length} checks passed (${secs(r.durationMs)})`, { color: "green", bold: true }),
      seg(p.nextTitle ? ` · n: next exercise “${p.nextTitle}”` : " · the last exercise: well done", { color: "cyan" }),
    ];
  const what =
    r.status === "failed"
      ? `${failed} of ${r.tests.length} checks failed`
      : r.status === "load-error"
        ? "Your file could not be loaded"
        : r.status === "timed-out"
          ? "The check was stopped"
          : r.status === "type-error"
            ? "TypeScript refused your file: nothing ran"
            : r.status === "cancelled"
              ? "The check was cancelled (not an attempt)"
              : r.status === "course-error"
                ? "The course hit a problem, not your code (not an attempt)"
                : "The check crashed";
  return [
    seg(`✗ ${what} (${secs(r.durationMs)})`, { color: "red", bold: true }),
    seg(r.tests.length > 1 ? ` · check ${p.selected + 1}/${r.tests.length}` : "", { dimColor: true }),
  ];
}

function mark(t: TestOutcome) {
  return t.state === "passed"
    ? seg("✓", { color: "green" })
    : t.state === "failed"
      ? seg("✗", { color: "red" })
      : seg("-");
}

/** The exercise: where to edit, the verdict (one check open, the rest one row each), hints. */
export function exerciseView(p: ExerciseViewProps): ExerciseLines {
  const e = p.exercise;
  const w = p.width - 1;
  const body: Line[] = [
    ...wrap(
      [
        seg("Edit "),
        seg(relative(p.root, e.stubPath), { color: "yellow" }),
        seg(` — taught in lesson ${e.lessonOrder}, “${e.section}”`),
      ],
      w,
    ),
    [seg(p.watching ? "watching: every save re-runs the check" : "watch off: press c to check", { dimColor: true })],
    blank,
  ];
  const checkRows: number[] = [];
  const tests = p.run?.state === "running" ? p.run.tests : (p.run?.result.tests ?? []);
  if (p.run?.state === "done" && p.run.result.problem)
    body.push(...textLines(p.run.result.problem, w, { color: "red" }), blank);
  tests.forEach((t, i) => {
    checkRows.push(body.length);
    const done = p.run?.state === "done";
    const selected = done && i === p.selected && tests.length > 1;
    body.push(
      truncate([seg(selected ? "❯ " : "  ", { color: "cyan" }), mark(t), seg(" "), seg(t.name, { bold: selected })], w),
    );
    if (t.message && (!done || i === p.expanded)) body.push(...textLines(learnerCommands(t.message), w, {}, "    "));
  });
  if (p.run?.state === "running") {
    const started = p.run.started ?? [];
    if (started.length === 0) body.push([seg("  ⟳ next check running…", { color: "yellow" })]);
    for (const name of started)
      body.push(truncate([seg("  ⟳ ", { color: "yellow" }), seg(name, { color: "yellow" })], w));
  }
  if (tests.length) body.push(blank);
  if (p.hintsShown === 0) body.push([seg(`h: reveal a hint (${e.hints.length} available)`, { dimColor: true })]);
  e.hints.slice(0, p.hintsShown).forEach((h, i) => {
    body.push(
      ...wrap([seg(`Hint ${i + 1}/${e.hints.length}: `, { color: "cyan", bold: true }), seg(learnerCommands(h))], w),
    );
  });
  if (p.hintsShown > 0)
    body.push([seg(p.hintsShown < e.hints.length ? "h: next hint" : "That was the last hint.", { dimColor: true })]);
  const failed = p.run?.state === "done" && p.run.result.status !== "passed";
  return {
    title: titleLine(`${String(e.lessonOrder).padStart(2, "0")} · ${e.title} (${e.id})`),
    summary: [summaryLine(p)],
    body,
    checkRows,
    keys: keysLine([
      ["c", "check"],
      ...(p.passed ? [["n", "next"] as const] : []),
      ...(tests.length > 1 ? [["tab/enter", "checks"] as const] : []),
      ["h", "hint"],
      ["s", "solution"],
      ["i", failed && p.hasCreated ? "its topics" : "inspector"],
      ["?", "keys"],
      ["esc", "back"],
    ]),
  };
}
