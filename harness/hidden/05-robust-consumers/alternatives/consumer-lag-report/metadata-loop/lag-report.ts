// Alternative correct solution: partitions from the topic's metadata, a plain loop, lookups in Maps.
import type { Kafka } from "kafkajs";

export interface PartitionLag {
  readonly partition: number;
  readonly logEndOffset: number;
  readonly committedOffset: number | null;
  readonly lag: number;
}

export async function lagReport(kafka: Kafka, groupId: string, topic: string): Promise<PartitionLag[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, o]));
    const group = await admin.fetchOffsets({ groupId, topics: [topic] });
    const commits = new Map(group.flatMap((t) => t.partitions).map((p) => [p.partition, BigInt(p.offset)]));
    const partitions = (meta.topics[0]?.partitions ?? []).map((p) => p.partitionId).sort((a, b) => a - b);
    const rows: PartitionLag[] = [];
    for (const partition of partitions) {
      const end = BigInt(ends.get(partition)?.high ?? "0");
      const low = BigInt(ends.get(partition)?.low ?? "0");
      const committed = commits.get(partition);
      const hasCommit = committed !== undefined && committed >= 0n;
      rows.push({
        partition,
        logEndOffset: Number(end),
        committedOffset: hasCommit ? Number(committed) : null,
        lag: Number(end - (hasCommit ? committed : low)),
      });
    }
    return rows;
  } finally {
    await admin.disconnect();
  }
}
