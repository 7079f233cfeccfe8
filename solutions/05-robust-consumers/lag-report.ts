import type { Kafka } from "kafkajs";

/** How far one consumer group is behind on one partition. */
export interface PartitionLag {
  readonly partition: number;
  /** The offset the next event written to the partition will get (the high watermark). */
  readonly logEndOffset: number;
  /** The next offset the group will read, or null when the group never committed on this partition. */
  readonly committedOffset: number | null;
  /** Events written but not yet processed by the group. */
  readonly lag: number;
}

/**
 * Lag of `groupId` on every partition of `topic`, sorted by partition: log-end offset minus the
 * committed offset. A partition the group never committed on counts everything still retained
 * (the group starts from the beginning there).
 */
export async function lagReport(kafka: Kafka, groupId: string, topic: string): Promise<PartitionLag[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const byPartition = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    return ends
      .map((p) => {
        const logEnd = Number(p.high);
        // fetchOffsets says -1 when the group has no commit here: that is "none", not an offset.
        const offset = byPartition.get(p.partition) ?? -1;
        const from = offset >= 0 ? offset : Number(p.low);
        return {
          partition: p.partition,
          logEndOffset: logEnd,
          committedOffset: offset >= 0 ? offset : null,
          lag: logEnd - from,
        };
      })
      .sort((a, b) => a.partition - b.partition);
  } finally {
    await admin.disconnect();
  }
}
