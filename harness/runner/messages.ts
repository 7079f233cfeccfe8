/** Turns a test error (as vitest serialises it) into text a learner can act on. */
export interface ErrorLike {
  readonly name?: string;
  readonly message?: string;
  readonly stack?: string;
  readonly diff?: string;
  readonly next?: string;
}

/** The course's own faults: they keep their name across the worker boundary (see CourseError), or are vitest's word that a hidden check file holds no test. */
export function isCourseError(e: ErrorLike): boolean {
  return e.name === "CourseError" || /^No test found in suite/.test(e.message ?? "");
}

export function learnerMessage(e: ErrorLike, learnerFileHint?: string): string {
  const name = e.name ?? "Error";
  const message = (e.message ?? "").trim();
  if (name === "LessonAssertion") return message;
  if (isCourseError(e)) return `${message}${e.next ? `\n${e.next}` : ""}`;
  if (/^Test timed out in (\d+)ms/.test(message)) {
    const ms = Number(/(\d+)ms/.exec(message)?.[1] ?? 0);
    return (
      `Your code did not finish within ${Math.round(ms / 1000)} s, so the check stopped it.\n` +
      "Look for an await that never resolves (a consumer that is never stopped, a missing disconnect, a loop without an exit)."
    );
  }
  if (/^Hook timed out in (\d+)ms/.test(message)) {
    return `The check's setup did not finish in time: ${message}`;
  }
  if (name === "AssertionError" || name === "AssertionError2") {
    return e.diff ? `${message}\n${e.diff}` : message;
  }
  const where = firstLearnerFrame(e.stack, learnerFileHint);
  return `Your code threw ${name}: ${message}${where ? `\n  at ${where}` : ""}`;
}

function firstLearnerFrame(stack: string | undefined, hint: string | undefined): string | undefined {
  if (!stack) return undefined;
  const frames = stack.split("\n").filter((l) => /^\s+at /.test(l));
  const pick = frames.find((l) => (hint ? l.includes(hint) : l.includes("/exercises/"))) ?? undefined;
  return pick
    ?.trim()
    .replace(/^at /, "")
    .replace(/^.*\((.*)\)$/, "$1");
}
