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
  void kafka;
  void groupId;
  void topic;
  throw new Error("TODO: the lag report from lesson 5 (lesson 15, section 'The spec', R8)");
}
