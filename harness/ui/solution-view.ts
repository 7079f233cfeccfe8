import { keysLine, titleLine } from "./chrome.js";
import type { View } from "./Frame.js";
import { highlight, markdownLines } from "./markdown.js";
import { seg, splitLine, type Line } from "./text.js";

export interface SolutionViewProps {
  readonly exerciseId: string;
  readonly file: string;
  /** Undefined while it loads. */
  readonly text: string | undefined;
  readonly kind: "code" | "skill";
  /** For the skill: the last lesson whose part of the reference is shown. */
  readonly upToLesson: number;
  readonly width: number;
}

/** The reference solution, numbered and wrapped (a long line continues on the next row). */
export function solutionView(p: SolutionViewProps): View {
  const lines = p.text?.replace(/\n$/, "").split("\n") ?? [];
  const gutter = String(lines.length).length;
  const body: Line[] =
    p.text === undefined
      ? [[seg("loading…", { dimColor: true })]]
      : p.kind === "skill"
        ? markdownLines(frontmatterAsCode(p.text), p.width - 1)
        : lines.flatMap((l, i) =>
            splitLine(highlight(l), p.width - gutter - 4, " ".repeat(0)).map((row, j): Line => [
              seg(j === 0 ? `${String(i + 1).padStart(gutter)} │ ` : `${" ".repeat(gutter)} ┆ `, { dimColor: true }),
              ...row,
            ]),
          );
  const summary: Line =
    p.kind === "skill"
      ? [
          seg(`The reference skill up to lesson ${p.upToLesson}: later lessons' sections stay hidden.`, {
            color: "cyan",
          }),
        ]
      : [seg(`Compare with your file; the checks accept other correct solutions too.`, { color: "cyan" })];
  return {
    title: titleLine(`reference solution: ${p.file}`),
    summary: [summary],
    body,
    keys: keysLine([
      ["j/k", "scroll"],
      ["space/b", "page"],
      ["g/G", "top/end"],
      ["esc", "back to the exercise"],
    ]),
  };
}

/** A SKILL.md's YAML frontmatter shown as YAML, not run into one Markdown paragraph. */
function frontmatterAsCode(text: string): string {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  return m ? `\`\`\`yaml\n${m[1]}\n\`\`\`\n${text.slice(m[0].length)}` : text;
}
