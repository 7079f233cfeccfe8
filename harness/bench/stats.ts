import type { Phases } from "../runner/types.js";

/** min / median / p95 of a sample (nearest rank: with fewer than 20 samples p95 is the maximum). */
export interface Summary {
  readonly n: number;
  readonly min: number;
  readonly median: number;
  readonly p95: number;
}

export function summarise(samples: readonly number[]): Summary | undefined {
  if (samples.length === 0) return undefined;
  const s = [...samples].sort((a, b) => a - b);
  const rank = (q: number): number => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN;
  return { n: s.length, min: s[0] ?? NaN, median: rank(0.5), p95: rank(0.95) };
}

const seconds = (ms: number): string => (ms / 1000).toFixed(2);

/** "1.23 / 1.40 / 1.90" in seconds, or a dash when nothing was measured. */
export function formatSummary(s: Summary | undefined): string {
  return s ? `${seconds(s.min)} / ${seconds(s.median)} / ${seconds(s.p95)}` : "—";
}

/** The median of each phase over several checks: "types 0.21 · vitest 0.30 · load 0.45 · tests 0.62". */
export function formatPhases(all: readonly Phases[]): string {
  const names = ["types", "services", "vitest", "load", "tests", "teardown"] as const;
  return names
    .flatMap((name) => {
      const m = summarise(all.flatMap((p) => (p[name] === undefined ? [] : [p[name]])));
      return m ? [`${name} ${seconds(m.median)}`] : [];
    })
    .join(" · ");
}
