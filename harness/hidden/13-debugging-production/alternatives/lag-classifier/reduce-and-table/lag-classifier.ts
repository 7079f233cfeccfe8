import type { Kafka } from "kafkajs";

/** The four shapes lag takes over time, each with its own causes (lesson 13). */
export type LagPattern = "stable" | "growing" | "spiking" | "stuck";

/** One look at a group on a topic, summed over the topic's partitions. */
export interface LagSample {
  /** When the sample was taken (Date.now()). */
  readonly atMs: number;
  /** Sum of the partitions' log-end offsets. */
  readonly logEnd: number;
  /** Sum of the group's committed offsets; a partition without a commit counts its oldest retained offset. */
  readonly committed: number;
  /** logEnd − committed. */
  readonly lag: number;
}

export interface LagWatch {
  readonly groupId: string;
  readonly topic: string;
  /** How many samples to take (at least 2). */
  readonly samples: number;
  /** Pause between two samples. */
  readonly intervalMs: number;
}

/** One admin client, offsets fetched one after the other, totals folded with reduce. */
export async function sampleLag(kafka: Kafka, watch: LagWatch): Promise<LagSample[]> {
  const admin = kafka.admin();
  await admin.connect();
  const out: LagSample[] = [];
  try {
    while (out.length < watch.samples) {
      if (out.length > 0) await new Promise((r) => setTimeout(r, watch.intervalMs));
      const atMs = Date.now();
      const ends = await admin.fetchTopicOffsets(watch.topic);
      const groups = await admin.fetchOffsets({ groupId: watch.groupId, topics: [watch.topic] });
      const partitions = groups.find((g) => g.topic === watch.topic)?.partitions ?? [];
      const totals = ends.reduce(
        (acc, p) => {
          const offset = Number(partitions.find((c) => c.partition === p.partition)?.offset ?? "-1");
          return {
            logEnd: acc.logEnd + Number(p.high),
            committed: acc.committed + (offset < 0 ? Number(p.low) : offset),
          };
        },
        { logEnd: 0, committed: 0 },
      );
      out.push({ atMs, ...totals, lag: totals.logEnd - totals.committed });
    }
  } finally {
    await admin.disconnect();
  }
  return out;
}

/** The rules as an ordered table: the first that holds names the pattern. */
const RULES: readonly [LagPattern, (w: { first: LagSample; last: LagSample; peak: number }, t: number) => boolean][] = [
  ["stuck", ({ first, last }) => last.lag > 0 && last.committed === first.committed],
  ["growing", ({ first, last, peak }, t) => last.lag - first.lag >= t && peak - last.lag < t],
  ["spiking", ({ first, last, peak }, t) => peak - Math.max(first.lag, last.lag) >= t],
];

export function classifyLag(samples: readonly LagSample[], threshold: number): LagPattern {
  const [first] = samples;
  const last = samples.at(-1);
  if (first === undefined || last === undefined) throw new Error("classifyLag needs at least one sample");
  const window = { first, last, peak: samples.reduce((m, s) => Math.max(m, s.lag), -Infinity) };
  return RULES.find(([, holds]) => holds(window, threshold))?.[0] ?? "stable";
}

/** Samples the group and names what its lag does. */
export async function diagnoseLag(
  kafka: Kafka,
  watch: LagWatch & { readonly threshold: number },
): Promise<{ pattern: LagPattern; samples: LagSample[] }> {
  const samples = await sampleLag(kafka, watch);
  return { pattern: classifyLag(samples, watch.threshold), samples };
}
