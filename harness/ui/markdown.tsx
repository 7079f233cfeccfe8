import { Box, Text } from "ink";
import { Lexer, type Token, type Tokens } from "marked";
import type { ReactElement } from "react";

/**
 * Markdown rendered for the terminal as a list of lines (so a reader can scroll by slicing):
 * headings, emphasis, inline code, links (text and URL), lists, tables, block quotes and code
 * blocks with simple syntax colours. Wrapping is left to Ink within the given width.
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
      push(
        <Text
          bold
          color={h.depth === 1 ? "magentaBright" : h.depth === 2 ? "cyanBright" : "cyan"}
          underline={h.depth === 1}
        >
          {h.depth > 2 ? "▸ " : ""}
          {inline(h.tokens)}
        </Text>,
      );
      return;
    }
    case "paragraph":
      push(<Text wrap="wrap">{inline((t as Tokens.Paragraph).tokens)}</Text>);
      push(<Text> </Text>);
      return;
    case "list": {
      const l = t as Tokens.List;
      l.items.forEach((item, i) => {
        const bullet = l.ordered ? `${Number(l.start || 1) + i}. ` : "• ";
        const inner = item.tokens.flatMap((x) => ("tokens" in x && x.tokens ? x.tokens : [x]));
        push(
          <Box>
            <Text color="yellow">{`  ${bullet}`}</Text>
            <Box width={Math.max(10, width - 6)}>
              <Text wrap="wrap">{inline(inner)}</Text>
            </Box>
          </Box>,
        );
      });
      push(<Text> </Text>);
      return;
    }
    case "code": {
      const c = t as Tokens.Code;
      push(<Text dimColor>{`  ┌─ ${c.lang || "code"}`}</Text>);
      for (const line of c.text.split("\n")) push(<Text>{["  │ ", ...highlight(line)]}</Text>);
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
      push(
        <Text color="gray" italic>
          {"  ▌ "}
          {(t as Tokens.Blockquote).text}
        </Text>,
      );
      return;
    case "hr":
      push(<Text dimColor>{"─".repeat(Math.max(10, width - 2))}</Text>);
      return;
    case "space":
      return;
    default:
      if ("text" in t && typeof t.text === "string") push(<Text wrap="wrap">{t.text}</Text>);
  }
}

function plain(s: string): string {
  return s.replaceAll(/`([^`]*)`/g, "$1").replaceAll(/\*\*([^*]*)\*\*/g, "$1");
}

function inline(tokens: readonly Token[] | undefined): ReactElement[] {
  return (tokens ?? []).map((t, i) => {
    switch (t.type) {
      case "strong":
        return (
          <Text key={i} bold>
            {inline((t as Tokens.Strong).tokens)}
          </Text>
        );
      case "em":
        return (
          <Text key={i} italic>
            {inline((t as Tokens.Em).tokens)}
          </Text>
        );
      case "codespan":
        return (
          <Text key={i} color="yellow">
            {(t as Tokens.Codespan).text
              .replaceAll("&quot;", '"')
              .replaceAll("&#39;", "'")
              .replaceAll("&lt;", "<")
              .replaceAll("&gt;", ">")
              .replaceAll("&amp;", "&")}
          </Text>
        );
      case "link": {
        const l = t as Tokens.Link;
        return (
          <Text key={i}>
            <Text color="blueBright" underline>
              {inline(l.tokens)}
            </Text>
            <Text dimColor>{` (${l.href})`}</Text>
          </Text>
        );
      }
      case "text":
        return <Text key={i}>{"tokens" in t && t.tokens ? inline(t.tokens) : decode((t as Tokens.Text).text)}</Text>;
      default:
        return <Text key={i}>{"raw" in t ? decode(t.raw) : ""}</Text>;
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
