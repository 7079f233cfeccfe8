/**
 * A small, line-based Markdown reader for the skill checker: it turns a body into units of
 * prose with their line numbers (marked's tokens carry no positions). Code blocks, inline code
 * and HTML comments are dropped so that examples and the stub's "TODO" comments never count.
 */
export interface Block {
  readonly kind: "heading" | "item" | "paragraph" | "row";
  /** 1-based line in the file. */
  readonly line: number;
  /** The unit as written (markup trimmed), for reports. */
  readonly raw: string;
  /** Lowercased plain text used for matching. */
  readonly text: string;
  /** Headings only: 1-6. */
  readonly level: number;
  /** Index in the block list of the nearest heading above, or -1. */
  readonly heading: number;
  /** List items: the paragraph that introduces the list and any parent items, lowercased. */
  readonly leadIn: string;
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const ITEM = /^(\s*)(?:[-*+]|\d{1,9}[.)])\s+(.*)$/;
const ROW = /^\s*\|(.*)\|?\s*$/;
const TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

/** Removes HTML comments but keeps their newlines, so line numbers stay true. */
export function stripComments(text: string): string {
  return text.replace(/<!--[\s\S]*?(?:-->|$)/g, (c) => c.replace(/[^\n]/g, ""));
}

/** Plain prose: no inline code, no emphasis or link markup. */
export function plain(s: string): string {
  return s
    .replace(/`+[^`]*`+/g, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, " ")
    .replace(/[*_]{1,3}([^*_]+)[*_]{1,3}/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

interface Open {
  kind: "item" | "paragraph";
  line: number;
  lines: string[];
  indent: number;
  leadIn: string;
}

/** Splits a Markdown body into blocks; `firstLine` is the file line of the body's first line. */
export function toBlocks(body: string, firstLine: number): Block[] {
  const blocks: Block[] = [];
  const lines = stripComments(body).split("\n");
  let open: Open | undefined;
  let fence: string | undefined;
  let lastHeading = -1;
  let paragraphLead = "";
  let items: { indent: number; text: string }[] = [];

  const close = () => {
    if (!open) return;
    const raw = plain(open.lines.join(" "));
    if (raw) {
      blocks.push({
        kind: open.kind,
        line: open.line,
        raw,
        text: raw.toLowerCase(),
        level: 0,
        heading: lastHeading,
        leadIn: open.leadIn,
      });
    }
    if (open.kind === "paragraph") paragraphLead = raw.toLowerCase();
    open = undefined;
  };

  lines.forEach((rawLine, i) => {
    const line = firstLine + i;
    const fm = FENCE.exec(rawLine);
    if (fence) {
      if (fm && fm[1]?.[0] === fence[0] && (fm[1]?.length ?? 0) >= fence.length) fence = undefined;
      return;
    }
    if (fm) {
      close();
      fence = fm[1];
      return;
    }
    const text = rawLine.replace(/^\s{0,3}>\s?/, "");
    if (!text.trim()) {
      // A blank line ends a paragraph; a list continues across blank lines between its items.
      if (open?.kind === "paragraph") {
        close();
        items = [];
      } else close();
      return;
    }
    const h = HEADING.exec(text);
    if (h) {
      close();
      items = [];
      paragraphLead = "";
      const raw = plain(h[2] ?? "");
      blocks.push({
        kind: "heading",
        line,
        raw,
        text: raw.toLowerCase(),
        level: h[1]?.length ?? 1,
        heading: lastHeading,
        leadIn: "",
      });
      lastHeading = blocks.length - 1;
      return;
    }
    const it = ITEM.exec(text);
    if (it) {
      close();
      const indent = it[1]?.length ?? 0;
      items = items.filter((p) => p.indent < indent);
      const leadIn = [paragraphLead, ...items.map((p) => p.text)].join(" ").trim();
      open = { kind: "item", line, lines: [it[2] ?? ""], indent, leadIn };
      items.push({ indent, text: plain(it[2] ?? "").toLowerCase() });
      return;
    }
    if (ROW.test(text)) {
      close();
      if (TABLE_RULE.test(text)) return;
      const raw = plain(text.replace(/\|/g, " "));
      if (raw) {
        blocks.push({ kind: "row", line, raw, text: raw.toLowerCase(), level: 0, heading: lastHeading, leadIn: "" });
      }
      return;
    }
    if (open) {
      open.lines.push(text);
      return;
    }
    items = [];
    open = { kind: "paragraph", line, lines: [text], indent: 0, leadIn: "" };
  });
  close();
  return blocks;
}
