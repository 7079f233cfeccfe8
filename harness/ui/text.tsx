import { Box, Text } from "ink";
import type { ReactElement } from "react";

/** Styled text for the terminal, as data: views build lines of these, the Frame draws them. */
export interface Style {
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly color?: string;
  readonly backgroundColor?: string;
  readonly underline?: boolean;
  readonly dimColor?: boolean;
  readonly inverse?: boolean;
}
export interface Segment {
  readonly text: string;
  readonly style: Style;
}
/** Exactly one terminal row: every view is a list of these, so scrolling is slicing. */
export type Line = readonly Segment[];

export const seg = (text: string, style: Style = {}): Segment => ({ text, style });
export const plainLine = (text: string, style: Style = {}): Line => [seg(text, style)];
export const blank: Line = [];
export const lineText = (l: Line): string => l.map((s) => s.text).join("");
export const lineWidth = (l: Line): number => l.reduce((n, s) => n + s.text.length, 0);

/**
 * Greedy word wrap of styled runs into lines of at most `width` columns; the first line starts
 * with `first`, the others with `rest`. A word may span runs (`code`, then a comma); a word
 * longer than a line is cut across lines.
 */
export function wrap(runs: readonly Segment[], width: number, first = "", rest = ""): Line[] {
  const words: Segment[][] = [[]];
  for (const run of runs)
    for (const part of run.text.replaceAll("\n", " ").split(/(?<= )/)) {
      if (part === "") continue;
      words[words.length - 1]!.push(seg(part, run.style));
      if (part.endsWith(" ")) words.push([]);
    }
  const lines: Segment[][] = [[seg(first)]];
  let used = first.length;
  const newLine = () => {
    lines.push([seg(rest)]);
    used = rest.length;
  };
  for (const word of words) {
    const text = word.map((p) => p.text).join("");
    if (text === "") continue;
    const solid = text.trimEnd().length;
    const indent = lines.length === 1 ? first.length : rest.length;
    if (used + solid > width && used > indent) {
      newLine();
      if (solid === 0) continue;
    }
    for (const piece of word) {
      let t = piece.text;
      while (t.trimEnd().length > Math.max(1, width - used)) {
        const room = Math.max(1, width - used);
        lines[lines.length - 1]!.push(seg(t.slice(0, room), piece.style));
        t = t.slice(room);
        newLine();
      }
      // A space that would end past the edge is dropped: it would only push the row over.
      const fit = used + t.length <= width ? t : t.trimEnd();
      lines[lines.length - 1]!.push(seg(fit, piece.style));
      used += fit.length;
    }
  }
  return lines;
}

/** Plain text (newlines kept) wrapped to `width`, each paragraph indented by `indent`. */
export function textLines(text: string, width: number, style: Style = {}, indent = ""): Line[] {
  return text.split("\n").flatMap((p) => wrap([seg(p, style)], width, indent, indent));
}

/** Hard split of one styled line into rows of `width` (code: every character matters). */
export function splitLine(line: Line, width: number, rest = ""): Line[] {
  const out: Segment[][] = [[]];
  let used = 0;
  for (const s of line) {
    let text = s.text;
    while (text.length > 0) {
      const room = width - used;
      if (room <= 0) {
        out.push(rest ? [seg(rest, { dimColor: true })] : []);
        used = rest.length;
        continue;
      }
      out[out.length - 1]!.push(seg(text.slice(0, room), s.style));
      used += Math.min(room, text.length);
      text = text.slice(room);
    }
  }
  return out;
}

/** Cuts a line to `width` columns, ending with "…" when something was cut. */
export function truncate(line: Line, width: number): Line {
  if (lineWidth(line) <= width) return line;
  const out: Segment[] = [];
  let used = 0;
  for (const s of line) {
    const room = width - 1 - used;
    if (room <= 0) break;
    out.push(seg(s.text.slice(0, room), s.style));
    used += Math.min(room, s.text.length);
  }
  return [...out, seg("…", { dimColor: true })];
}

/** One row of the screen: cut by Ink at the box's width if a measure was off, never wrapped. */
export function Row({ line, width }: { readonly line: Line; readonly width: number }): ReactElement {
  return (
    <Box height={1} width={width} overflow="hidden">
      <Text wrap="truncate-end">
        {line.length === 0
          ? " "
          : line.map((s, i) => (
              <Text key={i} {...s.style}>
                {s.text}
              </Text>
            ))}
      </Text>
    </Box>
  );
}
