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

/** Takes `samples` lag samples of the group, `intervalMs` apart, with one admin client. */
export async function sampleLag(kafka: Kafka, watch: LagWatch): Promise<LagSample[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const out: LagSample[] = [];
    for (let i = 0; i < watch.samples; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, watch.intervalMs));
      const atMs = Date.now();
      const [ends, [group]] = await Promise.all([
        admin.fetchTopicOffsets(watch.topic),
        admin.fetchOffsets({ groupId: watch.groupId, topics: [watch.topic] }),
      ]);
      const committedOf = new Map((group?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      let logEnd = 0;
      let committed = 0;
      for (const p of ends) {
        const c = committedOf.get(p.partition) ?? -1;
        logEnd += Number(p.high);
        // -1 means "no commit here": the group would start at the oldest retained record.
        committed += c >= 0 ? c : Number(p.low);
      }
      out.push({ atMs, logEnd, committed, lag: logEnd - committed });
    }
    return out;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Names the pattern of a window of samples. `threshold` is the smallest change in lag that counts
 * (smaller wobbles are normal between two commits). Checked in this order:
 * - stuck: there is lag, and the committed offset did not move during the whole window;
 * - growing: lag rose by at least `threshold` and is still near its peak at the end;
 * - spiking: lag rose by at least `threshold` above both ends of the window, and came back down;
 * - stable: anything else (including no lag and no traffic at all).
 */
export function classifyLag(samples: readonly LagSample[], threshold: number): LagPattern {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last) throw new Error("classifyLag needs at least one sample");
  const peak = Math.max(...samples.map((s) => s.lag));
  const stuck = last.lag > 0 && last.committed === first.committed;
  const growing = last.lag - first.lag >= threshold && peak - last.lag < threshold;
  const spiking = peak - Math.max(first.lag, last.lag) >= threshold;
  if (stuck) return "stuck";
  if (growing) return "growing";
  if (spiking) return "spiking";
  return "stable";
}

/** Samples the group and names what its lag does. */
export async function diagnoseLag(
  kafka: Kafka,
  watch: LagWatch & { readonly threshold: number },
): Promise<{ pattern: LagPattern; samples: LagSample[] }> {
  const samples = await sampleLag(kafka, watch);
  return { pattern: classifyLag(samples, watch.threshold), samples };
}
