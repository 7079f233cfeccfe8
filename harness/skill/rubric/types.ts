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
   * its patterns does. Patterns run on each lowercased sentence and on its lemmas ("how long be
   * event keep"), code blocks and HTML removed, inline code kept: write them lowercase, as a
   * lexicon of the concept (synonyms and paraphrases), grown from harness/skill/corpus/.
   */
  readonly all: readonly (readonly RegExp[])[];
  /**
   * "question": the unit must ask — end in "?", or be an instruction to ask/confirm/clarify/
   * find out, or be a list item under a lead-in that says so; a negated ask ("don't ask") fails.
   * "statement": a sentence that is not a question or an ask (guidance, rules, defaults).
   * "gate": a sentence that holds advice back until the questions are answered ("Before you
   * recommend anything, ask…", "Do not recommend anything yet"); `all` is then unused.
   */
  readonly as: "question" | "statement" | "gate";
  /** "block" (default): one paragraph, list item, table row or heading. "section": one heading's section. */
  readonly scope?: "block" | "section";
  /**
   * "context" (lesson 0 topics): must appear in the context-gathering section, before any
   * recommendation. "body" (default): anywhere in the body.
   */
  readonly where?: "context" | "body";
  /**
   * Known wrong forms of a rule ("acks=1 for critical events"): a statement that matches one
   * fails the item even when the right form is there too, unless a negation just before it
   * ("never", "not", "instead of") or a consequence just after it ("loses", "forgets") shows
   * it is quoted as the mistake. Patterns run on lowercased text with inline code kept.
   */
  readonly wrong?: readonly WrongForm[];
}

export interface WrongForm {
  readonly pattern: RegExp;
  /** Why it is wrong, in a few words: "acks=1 loses records when the leader fails". */
  readonly why: string;
}
