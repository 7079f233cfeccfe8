import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The labelled corpus (tests only): `NN/good-*.md` must pass lesson NN's items, `NN/bad-*.md`
 * must fail at least one. A name containing "crlf" is read with CRLF line ends and one
 * containing "bom" with a byte-order mark, so the files themselves stay plain.
 */
export interface CorpusSkill {
  readonly lesson: number;
  readonly name: string;
  readonly good: boolean;
  readonly text: string;
}

const DIR = dirname(fileURLToPath(import.meta.url));

export async function loadCorpus(dir: string = DIR): Promise<CorpusSkill[]> {
  const lessons = (await readdir(dir)).filter((d) => /^\d{2}$/.test(d)).sort();
  const out: CorpusSkill[] = [];
  for (const l of lessons) {
    for (const file of (await readdir(join(dir, l))).filter((f) => /^(good|bad)-.*\.md$/.test(f)).sort()) {
      let text = await readFile(join(dir, l, file), "utf8");
      if (file.includes("crlf")) text = text.replaceAll("\n", "\r\n");
      if (file.includes("bom")) text = `\uFEFF${text}`;
      out.push({ lesson: Number(l), name: `${l}/${file}`, good: file.startsWith("good-"), text });
    }
  }
  return out;
}

export interface Score {
  readonly lesson: number;
  readonly precision: number;
  readonly recall: number;
  readonly wrong: readonly string[];
}

/** Precision and recall of "accepted" per lesson: accepted good skills over all accepted, and over all good. */
export function score(results: readonly { skill: CorpusSkill; accepted: boolean }[]): Score[] {
  const lessons = [...new Set(results.map((r) => r.skill.lesson))].sort((a, b) => a - b);
  return lessons.map((lesson) => {
    const of = results.filter((r) => r.skill.lesson === lesson);
    const tp = of.filter((r) => r.accepted && r.skill.good).length;
    const accepted = of.filter((r) => r.accepted).length;
    const good = of.filter((r) => r.skill.good).length;
    return {
      lesson,
      precision: accepted === 0 ? 0 : tp / accepted,
      recall: good === 0 ? 0 : tp / good,
      wrong: of.filter((r) => r.accepted !== r.skill.good).map((r) => r.skill.name),
    };
  });
}
