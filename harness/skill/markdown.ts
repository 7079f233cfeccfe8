import type { Heading, Nodes, Paragraph, Parents, PhrasingContent, RootContent, Table } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

/**
 * The skill body as units of prose with their file lines, read by a CommonMark + GFM parser
 * (micromark, linear in the input): headings of every level, list items, paragraphs and table
 * rows, inside blockquotes too. Code blocks and HTML are kept apart (they never count, but a
 * near miss there is worth naming); inline code stays as text, so `acks=all` is read.
 */
export interface Unit {
  readonly kind: "heading" | "item" | "paragraph" | "row";
  /** 1-based line in the file. */
  readonly line: number;
  /** The unit as written, markup removed, whitespace collapsed. */
  readonly raw: string;
  /** Headings: 1-6; other units: 0. */
  readonly level: number;
  /** Index of the nearest heading above, or -1. */
  readonly heading: number;
  /**
   * Units that introduce this one, nearest first: for a list item the paragraph just before
   * its list and its parent items; for a table row the header row.
   */
  readonly leadIns: readonly number[];
}

export interface Hidden {
  readonly kind: "code" | "html";
  readonly line: number;
  readonly text: string;
}

export interface ParsedBody {
  readonly units: readonly Unit[];
  readonly hidden: readonly Hidden[];
}

function phrasing(nodes: readonly PhrasingContent[]): string {
  let out = "";
  for (const n of nodes) {
    if (n.type === "text" || n.type === "inlineCode") out += n.value;
    else if (n.type === "break") out += " ";
    else if (n.type === "image") out += n.alt ?? "";
    else if ("children" in n) out += phrasing(n.children as PhrasingContent[]);
  }
  return out;
}

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

/** Containers nested deeper than this are not prose; deeper markers become spaces. */
const MAX_NESTING = 8;
/** Inline delimiters one paragraph may hold before the rest of it is read as plain words. */
const MAX_DELIMITERS = 400;
const DELIMITER = new Set(["*", "_", "`", "<", ">", "[", "]", "!", "~", "\\"]);

/**
 * micromark resolves emphasis, code spans and HTML by looking back over a paragraph's
 * delimiters, which is quadratic on a paragraph made of them, and deep containers recurse.
 * Real skills come nowhere near either bound; past them the extra marks become spaces (same
 * length, same lines), so every line number stays true and parsing stays linear.
 */
export function tame(body: string): string {
  const lines = body.split("\n");
  let delimiters = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (!line.trim()) {
      delimiters = 0;
      continue;
    }
    const chars = [...line];
    let depth = 0;
    let j = 0;
    while (j < chars.length) {
      while (chars[j] === " " || chars[j] === "\t") j++;
      const c = chars[j];
      const marker = c === ">" || ((c === "-" || c === "*" || c === "+") && chars[j + 1] === " ");
      if (!marker) break;
      depth++;
      if (depth > MAX_NESTING) chars[j] = " ";
      j++;
    }
    for (let k = j; k < chars.length; k++) {
      if (DELIMITER.has(chars[k] ?? "") && ++delimiters > MAX_DELIMITERS) chars[k] = " ";
    }
    lines[i] = chars.join("");
  }
  return lines.join("\n");
}

/** Parses a Markdown body; `firstLine` is the file line of the body's first line. */
export function parseBody(body: string, firstLine: number): ParsedBody {
  const tree = fromMarkdown(tame(body), { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const units: Unit[] = [];
  const hidden: Hidden[] = [];
  const lineOf = (n: Nodes) => (n.position?.start.line ?? 1) + firstLine - 1;
  let heading = -1;

  const push = (u: Omit<Unit, "heading">): number => {
    if (!u.raw) return -1;
    units.push({ ...u, heading });
    return units.length - 1;
  };

  const table = (t: Table, leadIns: readonly number[]) => {
    const [head, ...rows] = t.children;
    const cells = (r: Table["children"][number]) => r.children.map((c) => squash(phrasing(c.children)));
    const header = head
      ? push({ kind: "row", line: lineOf(head), raw: cells(head).join(" — "), level: 0, leadIns })
      : -1;
    for (const r of rows) {
      push({ kind: "row", line: lineOf(r), raw: cells(r).join(" — "), level: 0, leadIns: header >= 0 ? [header] : [] });
    }
  };

  /** Walks block content; `leadIns` are the units that introduce this container's content. */
  const walk = (parent: Parents, leadIns: readonly number[]) => {
    let previous = -1; // the paragraph just before, which introduces a following list
    for (const node of parent.children as RootContent[]) {
      const before = previous;
      previous = -1;
      switch (node.type) {
        case "heading": {
          const at = push({
            kind: "heading",
            line: lineOf(node),
            raw: squash(phrasing(node.children)),
            level: node.depth,
            leadIns: [],
          });
          if (at >= 0) heading = at;
          break;
        }
        case "paragraph":
          previous = push({
            kind: "paragraph",
            line: lineOf(node),
            raw: squash(phrasing(node.children)),
            level: 0,
            leadIns,
          });
          break;
        case "list":
          for (const item of node.children) {
            const own = item.children.filter(
              (c): c is Paragraph | Heading => c.type === "paragraph" || c.type === "heading",
            );
            const raw = squash(own.map((c) => phrasing(c.children)).join(" "));
            const intro = (before >= 0 ? [before, ...leadIns] : leadIns).slice(0, 8);
            const at = push({ kind: "item", line: lineOf(item), raw, level: 0, leadIns: intro });
            const rest = {
              type: "root",
              children: item.children.filter((c) => !(own as readonly RootContent[]).includes(c)),
            } as Parents;
            walk(rest, at >= 0 ? [at, ...intro] : intro);
          }
          break;
        case "blockquote":
          walk(node, leadIns);
          break;
        case "table":
          table(node, before >= 0 ? [before, ...leadIns] : leadIns);
          break;
        case "code":
        case "html":
          hidden.push({ kind: node.type, line: lineOf(node), text: node.value });
          break;
        default:
          break;
      }
    }
  };
  walk(tree, []);
  return { units, hidden };
}
