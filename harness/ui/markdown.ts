import { Lexer, type Token, type Tokens } from "marked";
import { learnerCommands } from "./commands.js";
import { blank, plainLine, seg, splitLine, wrap, type Line, type Segment, type Style } from "./text.js";
import { tableLines } from "./table.js";

/**
 * Markdown rendered for the terminal as lines, each exactly one row (so a reader scrolls by
 * slicing and nothing wraps behind Ink's back): headings, emphasis, inline code, links (text and
 * URL), lists, tables with wrapped cells, block quotes and code blocks (wrapped, simply coloured).
 */
export function markdownLines(markdown: string, width: number): Line[] {
  const out: Line[] = [];
  for (const token of new Lexer().lex(learnerCommands(markdown))) block(token, width, out);
  while (out.length && out[out.length - 1]!.length === 0) out.pop();
  return out;
}

function block(t: Token, width: number, out: Line[]): void {
  switch (t.type) {
    case "heading": {
      const h = t as Tokens.Heading;
      out.push(blank);
      const style: Style = {
        bold: true,
        color: h.depth === 1 ? "magentaBright" : h.depth === 2 ? "cyanBright" : "cyan",
        underline: h.depth === 1,
      };
      const marker = h.depth > 2 ? "▸ " : "";
      out.push(...wrap(segments(h.tokens, style), width - 1, marker, " ".repeat(marker.length)));
      return;
    }
    case "paragraph":
      out.push(...wrap(segments((t as Tokens.Paragraph).tokens), width - 1), blank);
      return;
    case "list": {
      const l = t as Tokens.List;
      l.items.forEach((item, i) => {
        const bullet = l.ordered ? `${Number(l.start || 1) + i}. ` : "• ";
        const inner = item.tokens.flatMap((x) => ("tokens" in x && x.tokens ? x.tokens : [x]));
        out.push(...wrap(segments(inner), width - 1, `  ${bullet}`, " ".repeat(bullet.length + 2)));
      });
      out.push(blank);
      return;
    }
    case "code": {
      const c = t as Tokens.Code;
      out.push(plainLine(`  ┌─ ${c.lang || "code"}`, { dimColor: true }));
      const gutter = seg("  │ ", { dimColor: true });
      for (const raw of c.text.split("\n"))
        for (const row of splitLine(highlight(raw), Math.max(10, width - 5), "  ")) out.push([gutter, ...row]);
      out.push(plainLine("  └─", { dimColor: true }), blank);
      return;
    }
    case "table": {
      const tb = t as Tokens.Table;
      out.push(
        ...tableLines(
          tb.header.map((h) => segments(h.tokens, { bold: true })),
          tb.rows.map((r) => r.map((c) => segments(c.tokens))),
          width - 1,
        ),
        blank,
      );
      return;
    }
    case "blockquote": {
      const inner = (t as Tokens.Blockquote).tokens.flatMap((x) => ("tokens" in x && x.tokens ? x.tokens : [x]));
      out.push(...wrap(segments(inner, { color: "gray", italic: true }), width - 1, "  ▌ ", "  ▌ "), blank);
      return;
    }
    case "hr":
      out.push(plainLine("─".repeat(Math.max(10, width - 2)), { dimColor: true }));
      return;
    case "space":
      return;
    default:
      if ("text" in t && typeof t.text === "string") out.push(...wrap([seg(decode(t.text))], width - 1));
  }
}

/** Inline Markdown as styled runs of text. */
export function segments(tokens: readonly Token[] | undefined, style: Style = {}): Segment[] {
  return (tokens ?? []).flatMap((t): Segment[] => {
    switch (t.type) {
      case "strong":
        return segments((t as Tokens.Strong).tokens, { ...style, bold: true });
      case "em":
        return segments((t as Tokens.Em).tokens, { ...style, italic: true });
      case "codespan":
        return [seg(decode((t as Tokens.Codespan).text), { ...style, color: "yellow" })];
      case "link": {
        const l = t as Tokens.Link;
        return [
          ...segments(l.tokens, { ...style, color: "blueBright", underline: true }),
          seg(` (${l.href})`, { ...style, dimColor: true }),
        ];
      }
      case "br":
        return [seg(" ", style)];
      case "text":
        return "tokens" in t && t.tokens ? segments(t.tokens, style) : [seg(decode((t as Tokens.Text).text), style)];
      default:
        return [seg("raw" in t ? decode(t.raw) : "", style)];
    }
  });
}

function decode(s: string): string {
  return s
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

const KEYWORDS = new Set(
  "const let var await async function return import from export new if else for of try finally catch throw type interface class while".split(
    " ",
  ),
);

/** A tiny TypeScript/shell/YAML colouring: strings green, comments grey, keywords magenta, numbers yellow. */
export function highlight(line: string): Line {
  const parts: Segment[] = [];
  const re = /(\/\/.*$|#.*$|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`|\b\d+(?:_\d+)*\b|\b[A-Za-z_]\w*\b)/g;
  let last = 0;
  for (const m of line.matchAll(re)) {
    const idx = m.index;
    if (idx > last) parts.push(seg(line.slice(last, idx)));
    const tok = m[0];
    const color = /^(\/\/|#)/.test(tok)
      ? "gray"
      : /^["'`]/.test(tok)
        ? "green"
        : /^\d/.test(tok)
          ? "yellow"
          : KEYWORDS.has(tok)
            ? "magenta"
            : undefined;
    parts.push(seg(tok, color ? { color } : {}));
    last = idx + tok.length;
  }
  if (last < line.length) parts.push(seg(line.slice(last)));
  return parts;
}
