import type { GroupInfo } from "./types.js";

export interface LagSample {
  readonly atMs: number;
  readonly lag: number;
  readonly committed: number;
}

/** Lesson 13's four shapes of lag over time. */
export type LagShape = "stable" | "growing" | "spiking" | "stuck";

const key = (groupId: string, topic: string, partition: number) => `${groupId}\u0000${topic}\u0000${partition}`;

/** Lag per group and partition over time, for the sparklines: a value, extended by `addLagSamples`. */
export type LagHistory = Readonly<Record<string, readonly LagSample[]>>;

/** The history with one more sample per group and partition; keeps the last `keep` of each. */
export function addLagSamples(h: LagHistory, groups: readonly GroupInfo[], atMs: number, keep = 60): LagHistory {
  const next: Record<string, readonly LagSample[]> = { ...h };
  for (const g of groups)
    for (const l of g.lags) {
      const k = key(g.groupId, l.topic, l.partition);
      next[k] = [...(next[k] ?? []), { atMs, lag: l.lag, committed: l.committed }].slice(-keep);
    }
  return next;
}

export function lagSamples(h: LagHistory, groupId: string, topic: string, partition: number): readonly LagSample[] {
  return h[key(groupId, topic, partition)] ?? [];
}

/**
 * The lesson's rules, in its order: stuck (lag, and the committed offset did not move), growing
 * (rose by the threshold and ends near its peak), spiking (rose by the threshold above both ends),
 * else stable. Undefined with fewer than three samples: two points do not make a shape.
 */
export function lagShape(samples: readonly LagSample[], threshold: number): LagShape | undefined {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last || samples.length < 3) return undefined;
  const peak = Math.max(...samples.map((s) => s.lag));
  if (last.lag > 0 && last.committed === first.committed) return "stuck";
  if (last.lag - first.lag >= threshold && peak - last.lag < threshold) return "growing";
  if (peak - Math.max(first.lag, last.lag) >= threshold) return "spiking";
  return "stable";
}
