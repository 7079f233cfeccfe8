import { Box } from "ink";
import { Row } from "./text.js";
import { plainLine, textLines, truncate, type Line } from "./text.js";

/** Below this the app says so instead of drawing a screen nobody can read. */
export const MIN_SIZE = { columns: 60, rows: 16 } as const;

export interface Size {
  readonly columns: number;
  readonly rows: number;
}

/** What every view hands the frame: a fixed top, one scrollable body, its keys. */
export interface View {
  readonly title: Line;
  /** Always on screen, under the title (a verdict's summary, the map's progress). */
  readonly summary: readonly Line[];
  readonly body: readonly Line[];
  readonly keys: Line;
}

/** Rows left for the body once the fixed parts are drawn. */
export function bodyHeight(size: Size, view: Pick<View, "summary">, messages: readonly Line[]): number {
  return Math.max(1, size.rows - 3 - view.summary.length - messages.length);
}

export function maxScroll(size: Size, view: View, messages: readonly Line[]): number {
  return Math.max(0, view.body.length - bodyHeight(size, view, messages));
}

/** Notices and questions, wrapped to the width and kept to three rows so the body keeps its room. */
export function messageLines(texts: readonly { text: string; color: string }[], width: number): Line[] {
  return texts.flatMap((m) => textLines(m.text, width - 1, { color: m.color, bold: true })).slice(0, 3);
}

export interface FrameProps {
  readonly size: Size;
  readonly view: View;
  readonly scroll: number;
  readonly messages: readonly Line[];
  readonly status: Line;
}

/**
 * The whole screen, exactly `size.rows` rows: title, summary, body slice, messages, keys with the
 * scroll position, broker status. Nothing is taller than the terminal, so no frame scrolls away.
 */
export function Frame({ size, view, scroll, messages, status }: FrameProps) {
  const w = size.columns;
  if (w < MIN_SIZE.columns || size.rows < MIN_SIZE.rows) {
    const text = `This terminal is ${w}x${size.rows}; the course needs at least ${MIN_SIZE.columns}x${MIN_SIZE.rows}. Make the window larger (q quits).`;
    const lines = textLines(text, Math.max(10, w - 1), { color: "yellow" }).slice(0, Math.max(1, size.rows - 1));
    return (
      <Box flexDirection="column" width={w} height={size.rows}>
        {lines.map((l, i) => (
          <Row key={i} line={l} width={w} />
        ))}
      </Box>
    );
  }
  const height = bodyHeight(size, view, messages);
  const top = Math.min(scroll, Math.max(0, view.body.length - height));
  const visible = view.body.slice(top, top + height);
  const more = view.body.length > height;
  const pct = more ? Math.round(((top + height) / view.body.length) * 100) : 100;
  const position = more ? plainLine(` ${pct}%${top + height < view.body.length ? " ↓" : ""}`, { dimColor: true }) : [];
  const keysRoom = w - (position.length ? (position[0]?.text.length ?? 0) : 0);
  const rows: Line[] = [
    truncate(view.title, w),
    ...view.summary.map((l) => truncate(l, w)),
    ...visible.map((l) => truncate(l, w)),
    ...Array.from({ length: height - visible.length }, (): Line => []),
    ...messages.map((l) => truncate(l, w)),
    [...truncate(view.keys, keysRoom), ...position],
    truncate(status, w),
  ];
  return (
    <Box flexDirection="column" width={w} height={size.rows}>
      {rows.map((l, i) => (
        <Row key={i} line={l} width={w} />
      ))}
    </Box>
  );
}
