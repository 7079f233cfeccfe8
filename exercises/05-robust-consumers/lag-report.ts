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
 * Report the lag of consumer group `groupId` on every partition of `topic`, sorted by partition:
 * lag = log-end offset minus committed offset. On a partition where the group never committed,
 * committedOffset is null and the lag counts every event still retained there.
 * Use an admin client: fetchTopicOffsets and fetchOffsets.
 */
export async function lagReport(kafka: Kafka, groupId: string, topic: string): Promise<PartitionLag[]> {
  void kafka;
  void groupId;
  void topic;
  throw new Error("TODO: report the lag (lesson 5, section 'Lag: how far behind is the group')");
}
