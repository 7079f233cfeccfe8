import { checkSkill } from "../check.js";
import { writeSkill } from "../fixtures.js";
import type { SkillReport } from "../types.js";
import type { CorpusSkill } from "./corpus.js";

/** A corpus skill is accepted when every item of its lesson is found (lesson 0: and no error finding). */
export async function judge(skill: CorpusSkill): Promise<{ accepted: boolean; report: SkillReport }> {
  const report = await checkSkill(await writeSkill(skill.text), { lesson: skill.lesson });
  const items = report.items.filter((i) => i.lesson === skill.lesson);
  const errors = skill.lesson === 0 && report.findings.some((f) => f.severity === "error");
  return { accepted: !errors && items.every((i) => i.status === "found"), report };
}
