import type { Progress } from "../progress/store.js";
import type { SkillReport } from "../skill/index.js";
import { keysLine, titleLine } from "./chrome.js";
import type { View } from "./Frame.js";
import type { Row } from "./state.js";
import { seg, type Line } from "./text.js";

export interface MapViewProps {
  readonly rows: readonly Row[];
  readonly cursor: number;
  readonly progress: Progress;
  readonly nextId: string | undefined;
  readonly skill: SkillReport | undefined;
}

/** Lessons with their exercises, each exercise with its id (what `npm run course -- check <id>` takes). */
export function mapView({ rows, cursor, progress, nextId, skill }: MapViewProps): View {
  const exercises = rows.flatMap((r) => (r.kind === "exercise" ? [r.exercise] : []));
  const passed = exercises.filter((e) => progress.exercises[e.id]?.passed).length;
  const next = exercises.find((e) => e.id === nextId);
  const cells = 20;
  const done = exercises.length ? Math.round((passed / exercises.length) * cells) : 0;
  const summary: Line = [
    seg("█".repeat(done), { color: "green" }),
    seg("░".repeat(cells - done), { dimColor: true }),
    seg(` ${passed}/${exercises.length} exercises passed`, { bold: true }),
    seg(next ? ` · next: ${next.title} (${next.id})` : " · every exercise passed", { dimColor: true }),
  ];
  const body = rows.map((row, i): Line => {
    const selected = i === cursor;
    const pointer = seg(selected ? "❯ " : "  ", { color: "cyan" });
    if (row.kind === "lesson") {
      const cov = skill?.coverage.find((c) => c.lesson === row.lesson.order);
      const own = row.lesson.exercises;
      const ok = own.filter((e) => progress.exercises[e.id]?.passed).length;
      return [
        pointer,
        seg(`${String(row.lesson.order).padStart(2, "0")} ${row.lesson.title}`, { bold: true, inverse: selected }),
        seg(own.length ? `  ${ok}/${own.length}` : "", { color: ok === own.length ? "green" : "gray" }),
        ...(cov && cov.total > 0
          ? [seg(`  skill ${cov.found}/${cov.total}`, { color: cov.found === cov.total ? "green" : "yellow" })]
          : []),
      ];
    }
    const p = progress.exercises[row.exercise.id];
    const mark = p?.passed ? seg("✓", { color: "green" }) : p?.attempts ? seg("✗", { color: "red" }) : seg("·");
    return [
      pointer,
      seg("    "),
      mark,
      seg(" "),
      seg(row.exercise.title, { inverse: selected }),
      seg(`  ${row.exercise.id}`, { dimColor: true }),
      ...(row.exercise.id === nextId ? [seg(" ← next", { color: "cyan" })] : []),
    ];
  });
  return {
    title: titleLine("course map"),
    summary: [summary],
    body,
    keys: keysLine([
      ["↑/↓", "choose"],
      ["enter", "open"],
      ["i", "inspector"],
      ["?", "help"],
      ["q", "quit"],
    ]),
  };
}

/** The map scrolls to keep the cursor in the middle of the body. */
export function mapScroll(cursor: number, rows: number, height: number): number {
  return Math.max(0, Math.min(cursor - Math.floor(height / 2), rows - height));
}
