import type { Admin, Kafka } from "kafkajs";

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

/** One sample: the group's committed offsets against the log end, summed over partitions. */
async function sampleOnce(admin: Admin, watch: LagWatch): Promise<LagSample> {
  const atMs = Date.now();
  const [ends, committed] = await Promise.all([
    admin.fetchTopicOffsets(watch.topic),
    admin.fetchOffsets({ groupId: watch.groupId, topics: [watch.topic] }),
  ]);
  const byPartition: Record<number, number> = {};
  for (const p of committed[0]?.partitions ?? []) byPartition[p.partition] = Number(p.offset);
  let logEnd = 0;
  let done = 0;
  for (const p of ends) {
    logEnd += Number(p.high);
    const c = byPartition[p.partition];
    done += c === undefined || c < 0 ? Number(p.low) : c;
  }
  return { atMs, logEnd, committed: done, lag: logEnd - done };
}

export async function sampleLag(kafka: Kafka, watch: LagWatch): Promise<LagSample[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const samples = [await sampleOnce(admin, watch)];
    for (let i = 1; i < watch.samples; i++) {
      await new Promise((r) => setTimeout(r, watch.intervalMs));
      samples.push(await sampleOnce(admin, watch));
    }
    return samples;
  } finally {
    await admin.disconnect();
  }
}

export function classifyLag(samples: readonly LagSample[], threshold: number): LagPattern {
  if (samples.length === 0) throw new Error("classifyLag needs at least one sample");
  const lags = samples.map((s) => s.lag);
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const peak = Math.max(...lags);
  if (last.lag > 0 && last.committed === first.committed) return "stuck";
  const rise = last.lag - first.lag;
  if (rise >= threshold && peak - last.lag < threshold) return "growing";
  return peak - Math.max(first.lag, last.lag) >= threshold ? "spiking" : "stable";
}

/** Samples the group and names what its lag does. */
export async function diagnoseLag(
  kafka: Kafka,
  watch: LagWatch & { readonly threshold: number },
): Promise<{ pattern: LagPattern; samples: LagSample[] }> {
  const samples = await sampleLag(kafka, watch);
  return { pattern: classifyLag(samples, watch.threshold), samples };
}
