import type { Kafka } from "kafkajs";

/** How far one consumer group is behind on one partition (lesson 5). */
export interface PartitionLag {
  readonly partition: number;
  /** The offset the next record written to the partition will get (the high watermark). */
  readonly logEndOffset: number;
  /** The next offset the group will read, or null when it never committed on this partition. */
  readonly committedOffset: number | null;
  /** Records written but not yet processed by the group. */
  readonly lag: number;
}

/**
 * Lag of `groupId` on every partition of `topic`, sorted by partition (R8): log-end offset minus
 * committed offset; a partition without a commit counts everything still retained.
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
        const offset = byPartition.get(p.partition) ?? -1;
        return {
          partition: p.partition,
          logEndOffset: logEnd,
          committedOffset: offset >= 0 ? offset : null,
          lag: logEnd - (offset >= 0 ? offset : Number(p.low)),
        };
      })
      .sort((a, b) => a.partition - b.partition);
  } finally {
    await admin.disconnect();
  }
}
