import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCourse } from "../content/loader.js";
import { detectItem, prepare } from "./detect.js";
import { checkFormat } from "./format.js";
import { parseBody } from "./markdown.js";
import { readSkill, SkillFileError } from "./read-skill.js";
import { analyse, type Analysis } from "./scope.js";
import { loadRubric } from "./rubric/index.js";
import type { RubricItem } from "./rubric/types.js";
import type { Finding, ItemResult, LessonCoverage, SkillReport } from "./types.js";

export const COURSE_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const DEFAULT_SKILL_PATH = join("skill", "kafka-events", "SKILL.md");

export interface CheckSkillOptions {
  /** Check everything up to this lesson; undefined: every lesson. */
  readonly lesson?: number;
  /** The course root whose lessons name the rubric items (default: this project). */
  readonly root?: string;
}

/** Context gathering (lesson 0) always, plus the items each lesson up to `upTo` lists in `skill:`. */
export async function selectItems(root: string, upTo?: number): Promise<{ items: RubricItem[]; findings: Finding[] }> {
  const [rubric, course] = await Promise.all([loadRubric(), loadCourse(root)]);
  const byId = new Map(rubric.map((i) => [i.id, i]));
  const wanted = new Set(rubric.filter((i) => i.lesson === 0).map((i) => i.id));
  const findings: Finding[] = [];
  for (const lesson of course.lessons) {
    if (upTo !== undefined && lesson.order > upTo) continue;
    for (const id of lesson.skillItems) {
      if (byId.has(id)) wanted.add(id);
      else {
        findings.push({
          code: "RUBRIC_UNKNOWN_ITEM",
          severity: "warning",
          message: `lesson ${lesson.order} lists skill item "${id}", which no harness/skill/rubric/lesson-NN.ts defines`,
          fix: "A course bug: tell the course authors.",
        });
      }
    }
  }
  const items = rubric.filter((i) => wanted.has(i.id)).sort((a, b) => a.lesson - b.lesson);
  return { items, findings };
}

function coverage(results: readonly ItemResult[]): LessonCoverage[] {
  const lessons = [...new Set(results.map((r) => r.lesson))].sort((a, b) => a - b);
  return lessons.map((lesson) => {
    const of = results.filter((r) => r.lesson === lesson);
    return { lesson, found: of.filter((r) => r.status === "found").length, total: of.length };
  });
}

/** One error when context questions were asked, but only after the first recommendation. */
function orderFinding(a: Analysis, results: readonly ItemResult[]): Finding[] {
  const rec = a.units[a.firstRecommendation];
  const late = results.filter((r) => r.status === "missing" && /after the first recommendation/.test(r.reason ?? ""));
  if (!rec || late.length === 0) return [];
  return [
    {
      code: "CONTEXT_AFTER_RECOMMENDATIONS",
      severity: "error",
      message: `the first recommendation (line ${rec.line}: “${rec.raw.slice(0, 60)}”) comes before ${late.length} context question(s)`,
      line: rec.line,
      fix: "Move the questions above every recommendation, at any heading level: the assistant must ask before it advises.",
    },
  ];
}

/**
 * Checks a skill folder or its SKILL.md: format (Agent Skills spec), context gathering, and
 * each lesson's rubric. Format findings come first.
 */
export async function checkSkill(path: string, opts: CheckSkillOptions = {}): Promise<SkillReport> {
  const { items, findings } = await selectItems(opts.root ?? COURSE_ROOT, opts.lesson);
  const lesson = opts.lesson;
  const done = (f: readonly Finding[], results: readonly ItemResult[]): SkillReport => ({
    path,
    ...(lesson === undefined ? {} : { lesson }),
    ok: !f.some((x) => x.severity === "error") && results.every((r) => r.status === "found"),
    findings: f,
    items: results,
    coverage: coverage(results),
  });
  let src;
  try {
    src = await readSkill(path);
  } catch (e) {
    if (!(e instanceof SkillFileError)) throw e;
    const f: Finding = {
      code: e.code,
      severity: "error",
      message: e.message,
      fix: e.fix,
      ...(e.line ? { line: e.line } : {}),
    };
    const results: ItemResult[] = items.map((i) => ({
      id: i.id,
      lesson: i.lesson,
      title: i.title,
      status: "missing",
      fix: i.fix,
      example: i.example,
      reason: "the file could not be read",
    }));
    return done([f, ...findings], results);
  }
  const analysis = analyse(parseBody(src.body, src.bodyLine));
  const prepared = prepare(analysis);
  const results = items.map((i) => detectItem(analysis, i, prepared));
  return done([...checkFormat(src), ...orderFinding(analysis, results), ...findings], results);
}
