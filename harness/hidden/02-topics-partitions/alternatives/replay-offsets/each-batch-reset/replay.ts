// Alternative correct solution: eachBatch with resolveOffset and commitOffsetsIfNecessary; rewind with
// admin.resetOffsets({ earliest: true }) (the -2 marker kafkajs reads as earliest).
import type { Kafka } from "kafkajs";

export interface SeenEvent {
  readonly partition: number;
  readonly offset: string;
  readonly value: string;
}

export async function readBatch(kafka: Kafka, topic: string, groupId: string, count: number): Promise<SeenEvent[]> {
  const consumer = kafka.consumer({ groupId });
  const seen: SeenEvent[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachBatchAutoResolve: false,
          eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
            for (const m of batch.messages) {
              if (seen.length >= count) break;
              seen.push({ partition: batch.partition, offset: m.offset, value: m.value?.toString() ?? "" });
              resolveOffset(m.offset);
            }
            await commitOffsetsIfNecessary();
            if (seen.length >= count) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

export async function rewindGroup(kafka: Kafka, topic: string, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.resetOffsets({ groupId, topic, earliest: true });
  } finally {
    await admin.disconnect();
  }
}

export async function rewindGroupTo(kafka: Kafka, topic: string, groupId: string, since: Date): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, since.getTime());
    for (const p of byTime) await admin.setOffsets({ groupId, topic, partitions: [p] });
  } finally {
    await admin.disconnect();
  }
}
