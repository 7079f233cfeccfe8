import type { GroupInfo } from "./types.js";

export interface LagSample {
  readonly atMs: number;
  readonly lag: number;
  readonly committed: number;
}

/** Lesson 13's four shapes of lag over time. */
export type LagShape = "stable" | "growing" | "spiking" | "stuck";

const key = (groupId: string, topic: string, partition: number) => `${groupId}\u0000${topic}\u0000${partition}`;

/**
 * Lag per group and partition, sampled each time the inspector reads the groups, for the
 * sparklines. Keeps the last `keep` samples of each; one instance per inspector session.
 */
export class LagHistory {
  readonly #series = new Map<string, LagSample[]>();

  constructor(private readonly keep = 60) {}

  add(groups: readonly GroupInfo[], atMs: number): void {
    for (const g of groups) {
      for (const l of g.lags) {
        const k = key(g.groupId, l.topic, l.partition);
        const s = this.#series.get(k) ?? [];
        s.push({ atMs, lag: l.lag, committed: l.committed });
        if (s.length > this.keep) s.splice(0, s.length - this.keep);
        this.#series.set(k, s);
      }
    }
  }

  samples(groupId: string, topic: string, partition: number): readonly LagSample[] {
    return this.#series.get(key(groupId, topic, partition)) ?? [];
  }
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
