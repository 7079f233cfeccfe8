/**
 * kafkajs 2.2.4's request queue schedules `setTimeout(fn, throttledUntil - Date.now())` with
 * throttledUntil = -1 before any throttling, a negative delay that Node 24 reports as a
 * TimeoutNegativeWarning (Node treats it as 1 ms, so behaviour is unaffected). Drop exactly that
 * warning so learners don't chase it; every other warning still prints.
 */
export function silenceKafkajsNegativeTimeoutWarning(): void {
  const original = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  if ((process.emitWarning as { courseFiltered?: boolean }).courseFiltered) return;
  const filtered = (warning: unknown, ...rest: unknown[]): void => {
    const name = typeof rest[0] === "string" ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (name === "TimeoutNegativeWarning" || (warning instanceof Error && warning.name === "TimeoutNegativeWarning")) {
      return;
    }
    original(warning, ...rest);
  };
  (filtered as { courseFiltered?: boolean }).courseFiltered = true;
  process.emitWarning = filtered as typeof process.emitWarning;
}
