/**
 * One thing the learner's kafka-events skill must contain after a lesson. Lesson authors add a
 * `harness/skill/rubric/lesson-NN.ts` exporting `items: readonly RubricItem[]` and list the ids
 * in the lesson's frontmatter `skill:`; the checker discovers the files by name.
 */
export interface RubricItem {
  /** Unique across the course, lowercase-hyphen (it appears in lesson frontmatter `skill:`). */
  readonly id: string;
  /** The lesson that teaches it: equals NN of the file it lives in. */
  readonly lesson: number;
  /** Short name shown in reports: "Expected throughput". */
  readonly title: string;
  readonly detect: Detection;
  /** What to add when it is missing, in one sentence. */
  readonly fix: string;
  /** A question or sentence the learner could paste, in their own words ideally. */
  readonly example: string;
}

export interface Detection {
  /**
   * Every group must match inside one unit of text (see `scope`); a group matches when any of
   * its patterns does. Patterns run on lowercased prose with code blocks, inline code and HTML
   * comments removed, so write them lowercase and allow paraphrases and synonyms.
   */
  readonly all: readonly (readonly RegExp[])[];
  /**
   * "question": the unit must ask — end in "?", or be an instruction to ask/confirm/clarify/
   * find out, or be a list item under a lead-in that says so; a negated ask ("don't ask") fails.
   * "statement": any sentence counts (guidance, rules, defaults).
   */
  readonly as: "question" | "statement";
  /** "block" (default): one paragraph, list item, table row or heading. "section": one heading's section. */
  readonly scope?: "block" | "section";
  /**
   * "context" (lesson 0 topics): must appear in the context-gathering section, before any
   * recommendation. "body" (default): anywhere in the body.
   */
  readonly where?: "context" | "body";
}
