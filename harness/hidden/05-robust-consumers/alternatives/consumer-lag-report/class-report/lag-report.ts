// Alternative correct solution: a small class per partition computes its row; both offset requests in parallel.
import type { Kafka } from "kafkajs";

export interface PartitionLag {
  readonly partition: number;
  readonly logEndOffset: number;
  readonly committedOffset: number | null;
  readonly lag: number;
}

class PartitionPosition {
  constructor(
    readonly partition: number,
    private readonly low: number,
    private readonly high: number,
    private readonly committed: number,
  ) {}

  row(): PartitionLag {
    const committedOffset = this.committed === -1 ? null : this.committed;
    return {
      partition: this.partition,
      logEndOffset: this.high,
      committedOffset,
      lag: this.high - (committedOffset ?? this.low),
    };
  }
}

export async function lagReport(kafka: Kafka, groupId: string, topic: string): Promise<PartitionLag[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [ends, groupOffsets] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId, topics: [topic] }),
    ]);
    const committed = groupOffsets.find((t) => t.topic === topic)?.partitions ?? [];
    return ends
      .map((e) => {
        const c = committed.find((p) => p.partition === e.partition);
        return new PartitionPosition(e.partition, Number(e.low), Number(e.high), Number(c?.offset ?? -1)).row();
      })
      .sort((a, b) => a.partition - b.partition);
  } finally {
    await admin.disconnect();
  }
}
