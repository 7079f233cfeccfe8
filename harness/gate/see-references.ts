import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/** A `lesson N, section “…”` reference in a hidden check's teaching message. */
export interface SeeReference {
  readonly file: string;
  readonly line: number;
  readonly lesson: number;
  readonly section: string;
}

const REFERENCE = /lesson (\d+), section “([^”]+)”/g;

/** The headings of a lesson's Markdown, outside fenced code blocks, without inline-code backticks. */
export function lessonHeadings(markdown: string): Set<string> {
  const headings = new Set<string>();
  let fence: string | undefined;
  for (const line of markdown.split("\n")) {
    const f = /^\s*(```|~~~)/.exec(line)?.[1];
    if (f && (fence === undefined || fence === f)) {
      fence = fence === undefined ? f : undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const h = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line)?.[1];
    if (h) headings.add(h.replaceAll("`", "").trim());
  }
  return headings;
}

/** Every reference in the files under `hiddenRoot` (*.ts), with where it is. */
export async function seeReferences(hiddenRoot: string): Promise<SeeReference[]> {
  const files = (await readdir(hiddenRoot, { recursive: true })).filter((f) => f.endsWith(".ts")).sort();
  const refs: SeeReference[] = [];
  for (const file of files) {
    const lines = (await readFile(join(hiddenRoot, file), "utf8")).split("\n");
    lines.forEach((text, i) => {
      for (const m of text.matchAll(REFERENCE)) {
        refs.push({ file, line: i + 1, lesson: Number(m[1]), section: m[2] ?? "" });
      }
    });
  }
  return refs;
}

/** Lines of hidden checks with a `see:` string that names a lesson but no section of it. */
export async function referencesWithoutSection(hiddenRoot: string): Promise<string[]> {
  const files = (await readdir(hiddenRoot, { recursive: true })).filter((f) => f.endsWith(".check.ts")).sort();
  const found: string[] = [];
  for (const file of files) {
    const lines = (await readFile(join(hiddenRoot, file), "utf8")).split("\n");
    lines.forEach((text, i) => {
      for (const m of text.matchAll(/(?:see: *|= *)"(lesson \d+[^"]*)"/g)) {
        if (!(m[1] ?? "").match(REFERENCE)) found.push(`${file}:${i + 1}: "${m[1]}"`);
      }
    });
  }
  return found;
}
