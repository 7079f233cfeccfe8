/** The skill checker's public surface for the CLI and the UI. */
export { checkSkill, DEFAULT_SKILL_PATH, type CheckSkillOptions } from "./check.js";
export { runSkillCli } from "./cli.js";
export { formatSkillReport } from "./report.js";
export { loadRubric } from "./rubric/index.js";
export type { RubricItem, Detection } from "./rubric/types.js";
export type { Finding, ItemResult, LessonCoverage, Severity, SkillReport } from "./types.js";
