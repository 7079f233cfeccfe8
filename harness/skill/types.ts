/** What `checkSkill` returns: plain data for the CLI, the Ink app and `--json`. */
export type Severity = "error" | "warning";

export interface Finding {
  /** Stable, e.g. NAME_MISMATCH_FOLDER; tools may switch on it. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** 1-based line in SKILL.md when one applies. */
  readonly line?: number;
  readonly fix: string;
}

interface ItemBase {
  readonly id: string;
  readonly lesson: number;
  readonly title: string;
}

export interface ItemFound extends ItemBase {
  readonly status: "found";
  readonly line: number;
  /** The matching paragraph, list item or heading as written (trimmed). */
  readonly text: string;
}

export interface ItemMissing extends ItemBase {
  readonly status: "missing";
  readonly fix: string;
  readonly example: string;
  /** Why a near miss did not count, e.g. "mentioned at line 40 but not asked". */
  readonly reason?: string;
  readonly line?: number;
}

export type ItemResult = ItemFound | ItemMissing;

export interface LessonCoverage {
  readonly lesson: number;
  readonly found: number;
  readonly total: number;
}

export interface SkillReport {
  readonly path: string;
  /** The lesson the check went up to; undefined: every lesson. */
  readonly lesson?: number;
  /** No error finding and no missing item. */
  readonly ok: boolean;
  readonly findings: readonly Finding[];
  readonly items: readonly ItemResult[];
  readonly coverage: readonly LessonCoverage[];
}
