import type { NameSnapshot } from "./types.js";

/**
 * What appeared between two snapshots: the topics and groups a check created. Checks name them
 * with `uniqueName` (a random suffix), so nothing but the check itself can have made a name that
 * was absent before it started; names the inspector made for itself are left out.
 */
export function createdBetween(before: NameSnapshot, after: NameSnapshot): NameSnapshot {
  const newOnes = (was: readonly string[], now: readonly string[]) => {
    const old = new Set(was);
    return now.filter((n) => !old.has(n) && !isInspectorOwn(n)).sort();
  };
  return { topics: newOnes(before.topics, after.topics), groups: newOnes(before.groups, after.groups) };
}

/** Groups the record browser uses for one read; never shown, always deleted after use. */
export const INSPECTOR_GROUP_PREFIX = "kafka-course-inspector-";

export function isInspectorOwn(name: string): boolean {
  return name.startsWith(INSPECTOR_GROUP_PREFIX) || name.startsWith("__");
}
