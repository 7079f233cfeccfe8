import { readFile } from "node:fs/promises";
import { checkSkill } from "../skill/index.js";

/**
 * The reference skill without spoilers: only what teaches lessons up to `upTo`. The skill checker
 * says on which line it found each rubric item; a paragraph or list item holding an item of a
 * later lesson is left out, and so is a `##`/`###` section with nothing left. Text with no item
 * (the frontmatter, the skill's purpose, headings) stays, so the outline reads as a skill.
 */
type Block = string[] & { later?: boolean; now?: boolean };

export async function skillReferenceUpTo(path: string, upTo: number, root: string): Promise<string> {
  const [text, report] = await Promise.all([readFile(path, "utf8"), checkSkill(path, { root })]);
  const lines = text.split("\n");
  const found = report.items.flatMap((i) => (i.status === "found" ? [i] : []));
  const later = new Set(found.filter((i) => i.lesson > upTo).map((i) => i.line - 1));
  const now = new Set(found.filter((i) => i.lesson <= upTo).map((i) => i.line - 1));
  const sections: string[][][] = [[[]]];
  let hidden = false;
  lines.forEach((line, n) => {
    const section = sections[sections.length - 1]!;
    if (/^#{2,3} /.test(line)) sections.push([[line], []]);
    else if (line.trim() === "" || /^\s*(?:[-*]|\d+\.) /.test(line)) section.push([line]);
    else section[section.length - 1]!.push(line);
    const block = sections[sections.length - 1]!.at(-1) as Block;
    if (later.has(n)) block.later = true;
    if (now.has(n)) block.now = true;
  });
  const kept = sections.flatMap((blocks, s) => {
    // A section that teaches only later lessons goes whole, its plain paragraphs too.
    const onlyLater = blocks.some((b: Block) => b.later) && !blocks.some((b: Block) => b.now);
    const visible = onlyLater && s > 0 ? [] : blocks.filter((b: Block) => !b.later);
    const dropped = blocks.length - visible.length;
    if (dropped > 0 || (onlyLater && s > 0)) hidden = true;
    const hasContent = visible.slice(s === 0 ? 0 : 1).some((b) => b.some((l) => l.trim() !== ""));
    return s === 0 || hasContent || (dropped === 0 && !onlyLater) ? visible.flat() : [];
  });
  const note = hidden ? "\n\n> The rest of the reference appears as you reach the lessons that teach it.\n" : "\n";
  return `${kept.join("\n").trimEnd()}${note}`;
}
