import { Box, Text } from "ink";
import { Lexer, type Token, type Tokens } from "marked";
import type { ReactElement } from "react";

/**
 * Markdown rendered for the terminal as a list of lines, each exactly one terminal row (so a
 * reader can scroll by slicing, and nothing wraps behind Ink's back): headings, emphasis, inline
 * code, links (text and URL), lists, tables, block quotes and code blocks with simple syntax colours.
 */
export function markdownLines(markdown: string, width: number): ReactElement[] {
  const out: ReactElement[] = [];
  const push = (el: ReactElement) => out.push(<Box key={out.length}>{el}</Box>);
  for (const token of new Lexer().lex(markdown)) block(token, width, push);
  return out;
}

function block(t: Token, width: number, push: (el: ReactElement) => void): void {
  switch (t.type) {
    case "heading": {
      const h = t as Tokens.Heading;
      push(<Text> </Text>);
      const color = h.depth === 1 ? "magentaBright" : h.depth === 2 ? "cyanBright" : "cyan";
      const marker = h.depth > 2 ? "▸ " : "";
      for (const line of wrap(segments(h.tokens), width - 1, marker, " ".repeat(marker.length))) {
        push(
          <Text bold color={color} underline={h.depth === 1}>
            {line}
          </Text>,
        );
      }
      return;
    }
    case "paragraph":
      for (const line of wrap(segments((t as Tokens.Paragraph).tokens), width - 1, "", "")) push(<Text>{line}</Text>);
      push(<Text> </Text>);
      return;
    case "list": {
      const l = t as Tokens.List;
      l.items.forEach((item, i) => {
        const bullet = l.ordered ? `${Number(l.start || 1) + i}. ` : "• ";
        const inner = item.tokens.flatMap((x) => ("tokens" in x && x.tokens ? x.tokens : [x]));
        const lines = wrap(segments(inner), width - 1, `  ${bullet}`, " ".repeat(bullet.length + 2));
        for (const line of lines) push(<Text>{line}</Text>);
      });
      push(<Text> </Text>);
      return;
    }
    case "code": {
      const c = t as Tokens.Code;
      push(<Text dimColor>{`  ┌─ ${c.lang || "code"}`}</Text>);
      const max = Math.max(10, width - 5);
      for (const raw of c.text.split("\n")) {
        const line = raw.length > max ? `${raw.slice(0, max - 1)}…` : raw;
        push(<Text>{["  │ ", ...highlight(line)]}</Text>);
      }
      push(<Text dimColor>{"  └─"}</Text>);
      return;
    }
    case "table": {
      const tb = t as Tokens.Table;
      const cols = tb.header.length;
      const cell = Math.max(8, Math.floor((width - 2 - cols * 3) / cols));
      const fit = (s: string) => (s.length > cell ? `${s.slice(0, cell - 1)}…` : s.padEnd(cell));
      push(<Text bold>{`  ${tb.header.map((h) => fit(h.text)).join(" │ ")}`}</Text>);
      push(<Text dimColor>{`  ${tb.header.map(() => "─".repeat(cell)).join("─┼─")}`}</Text>);
      for (const row of tb.rows) push(<Text>{`  ${row.map((c) => fit(plain(c.text))).join(" │ ")}`}</Text>);
      push(<Text> </Text>);
      return;
    }
    case "blockquote":
      for (const line of wrap([{ text: (t as Tokens.Blockquote).text, style: {} }], width - 1, "  ▌ ", "  ▌ "))
        push(
          <Text color="gray" italic>
            {line}
          </Text>,
        );
      return;
    case "hr":
      push(<Text dimColor>{"─".repeat(Math.max(10, width - 2))}</Text>);
      return;
    case "space":
      return;
    default:
      if ("text" in t && typeof t.text === "string")
        for (const line of wrap([{ text: t.text, style: {} }], width - 1, "", "")) push(<Text>{line}</Text>);
  }
}

interface Style {
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly color?: string;
  readonly underline?: boolean;
  readonly dimColor?: boolean;
}
interface Segment {
  readonly text: string;
  readonly style: Style;
}

/** Inline Markdown as styled runs of text. */
function segments(tokens: readonly Token[] | undefined, style: Style = {}): Segment[] {
  return (tokens ?? []).flatMap((t): Segment[] => {
    switch (t.type) {
      case "strong":
        return segments((t as Tokens.Strong).tokens, { ...style, bold: true });
      case "em":
        return segments((t as Tokens.Em).tokens, { ...style, italic: true });
      case "codespan":
        return [{ text: decode((t as Tokens.Codespan).text), style: { ...style, color: "yellow" } }];
      case "link": {
        const l = t as Tokens.Link;
        return [
          ...segments(l.tokens, { ...style, color: "blueBright", underline: true }),
          { text: ` (${l.href})`, style: { ...style, dimColor: true } },
        ];
      }
      case "br":
        return [{ text: " ", style }];
      case "text":
        return "tokens" in t && t.tokens
          ? segments(t.tokens, style)
          : [{ text: decode((t as Tokens.Text).text), style }];
      default:
        return [{ text: "raw" in t ? decode(t.raw) : "", style }];
    }
  });
}

/**
 * Greedy word wrap of styled runs into lines of at most `width` columns; the first line starts
 * with `first`, the others with `rest`. A word longer than a line is cut.
 */
export function wrap(runs: readonly Segment[], width: number, first: string, rest: string): ReactElement[] {
  const lines: Segment[][] = [[{ text: first, style: {} }]];
  let used = first.length;
  for (const run of runs) {
    for (const word of run.text.replaceAll("\n", " ").split(/(?<= )/)) {
      if (word === "") continue;
      const current = lines[lines.length - 1]!;
      if (used + word.trimEnd().length > width && used > (lines.length === 1 ? first : rest).length) {
        lines.push([{ text: rest, style: {} }]);
        used = rest.length;
        if (word.trim() === "") continue;
      }
      const room = Math.max(1, width - used);
      const piece =
        word.length > room && used === (lines.length === 1 ? first : rest).length ? word.slice(0, room) : word;
      (lines[lines.length - 1] ?? current).push({ text: piece, style: run.style });
      used += piece.length;
    }
  }
  return lines.map((segs, i) => (
    <Text key={i}>
      {segs.map((seg, j) => (
        <Text key={j} {...seg.style}>
          {seg.text}
        </Text>
      ))}
    </Text>
  ));
}

function plain(s: string): string {
  return s.replaceAll(/`([^`]*)`/g, "$1").replaceAll(/\*\*([^*]*)\*\*/g, "$1");
}

function decode(s: string): string {
  return s
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

const KEYWORDS =
  /\b(const|let|var|await|async|function|return|import|from|export|new|if|else|for|of|try|finally|catch|throw|type|interface)\b/;

/** A tiny TypeScript/shell/YAML colouring: strings green, comments grey, keywords magenta, numbers yellow. */
export function highlight(line: string): ReactElement[] {
  const parts: ReactElement[] = [];
  const re = /(\/\/.*$|#.*$|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`|\b\d+(?:_\d+)*\b|\b[A-Za-z_]\w*\b)/g;
  let last = 0;
  for (const m of line.matchAll(re)) {
    const idx = m.index ?? 0;
    if (idx > last) parts.push(<Text key={parts.length}>{line.slice(last, idx)}</Text>);
    const tok = m[0];
    const color = /^(\/\/|#)/.test(tok)
      ? "gray"
      : /^["'`]/.test(tok)
        ? "green"
        : /^\d/.test(tok)
          ? "yellow"
          : KEYWORDS.test(tok) && tok.match(KEYWORDS)?.[0] === tok
            ? "magenta"
            : undefined;
    parts.push(
      <Text key={parts.length} {...(color && { color })}>
        {tok}
      </Text>,
    );
    last = idx + tok.length;
  }
  if (last < line.length) parts.push(<Text key={parts.length}>{line.slice(last)}</Text>);
  return parts;
}
