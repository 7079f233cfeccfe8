/**
 * Failure messages that teach: what was expected, what happened, and where the lesson explains it.
 * Hidden tests throw these instead of bare assertion errors so the learner reads prose, not a diff.
 */
export class LessonAssertion extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
    readonly see: string,
  ) {
    super(`Expected: ${expected}\nWhat happened: ${actual}\nSee: ${see}`);
    this.name = "LessonAssertion";
  }
}

export interface Teaching {
  readonly expected: string;
  readonly actual: string | (() => string);
  readonly see: string;
}

/** Throws a LessonAssertion unless `ok`. `actual` may be lazy when it is costly to describe. */
export function teach(ok: boolean, t: Teaching): asserts ok {
  if (!ok) throw new LessonAssertion(t.expected, typeof t.actual === "function" ? t.actual() : t.actual, t.see);
}
