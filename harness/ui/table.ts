import { lineWidth, seg, wrap, type Line, type Segment } from "./text.js";

const GAP = " │ ";

/**
 * A Markdown table that fits `width`: each column gets its natural width when everything fits,
 * otherwise at least its longest word (up to a fair share) and the rest of the room in
 * proportion to how much more it wants. Cells wrap; rows are ruled apart only when one wraps.
 */
export function tableLines(header: readonly Segment[][], rows: readonly Segment[][][], width: number): Line[] {
  const all = [header, ...rows];
  const cols = header.length;
  const text = (c: readonly Segment[] | undefined) => (c ?? []).map((s) => s.text).join("");
  const natural = Array.from({ length: cols }, (_, i) => Math.max(1, ...all.map((r) => text(r[i]).length)));
  const room = Math.max(cols, width - 2 - GAP.length * (cols - 1));
  const widths = columnWidths(
    natural,
    Array.from({ length: cols }, (_, i) =>
      Math.max(
        1,
        ...all.flatMap((r) =>
          text(r[i])
            .split(/\s+/)
            .map((w) => w.length),
        ),
      ),
    ),
    room,
  );
  const render = (r: readonly Segment[][]): Line[] => {
    const cells = widths.map((w, i) => wrap(r[i] ?? [], w));
    const height = Math.max(...cells.map((c) => c.length));
    return Array.from({ length: height }, (_, row) => [
      seg("  "),
      ...widths.flatMap((w, i) => {
        const cell = cells[i]?.[row] ?? [];
        return [
          ...(i ? [seg(GAP, { dimColor: true })] : []),
          ...cell,
          seg(" ".repeat(Math.max(0, w - lineWidth(cell)))),
        ];
      }),
    ]);
  };
  const body = rows.map(render);
  const ruled = body.some((r) => r.length > 1);
  const rule = (cross: string): Line => [seg(`  ${widths.map((w) => "─".repeat(w)).join(cross)}`, { dimColor: true })];
  return [...render(header), rule("─┼─"), ...body.flatMap((r, i) => (ruled && i > 0 ? [rule("─┼─"), ...r] : r))];
}

function columnWidths(natural: readonly number[], longestWord: readonly number[], room: number): number[] {
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= room) return [...natural];
  const share = Math.max(1, Math.floor(room / natural.length));
  const min = natural.map((n, i) => Math.min(n, Math.max(Math.min(longestWord[i]!, share), Math.min(n, 6))));
  const spare = Math.max(0, room - min.reduce((a, b) => a + b, 0));
  const want = natural.map((n, i) => n - min[i]!);
  const wanted = want.reduce((a, b) => a + b, 0) || 1;
  const widths = min.map((m, i) => m + Math.floor((spare * want[i]!) / wanted));
  // Rounding leaves a few columns over: give them to the widest wants first.
  let left = room - widths.reduce((a, b) => a + b, 0);
  for (const i of [...widths.keys()].sort((a, b) => want[b]! - want[a]!)) {
    if (left <= 0) break;
    if (widths[i]! < natural[i]!) {
      widths[i]!++;
      left--;
    }
  }
  return widths;
}
