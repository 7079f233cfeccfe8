// Alternative correct solution: one commit of the next offset per partition once the batch is complete;
// rewinds through a shared helper that moves every partition with setOffsets.
import type { Admin, Kafka } from "kafkajs";

export interface SeenEvent {
  readonly partition: number;
  readonly offset: string;
  readonly value: string;
}

export async function readBatch(kafka: Kafka, topic: string, groupId: string, count: number): Promise<SeenEvent[]> {
  const consumer = kafka.consumer({ groupId });
  const seen: SeenEvent[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            if (seen.length < count) seen.push({ partition, offset: message.offset, value: String(message.value) });
            if (seen.length === count) resolve();
          },
        })
        .catch(reject);
    });
    const next = new Map<number, bigint>();
    for (const s of seen) next.set(s.partition, BigInt(s.offset) + 1n);
    await consumer.commitOffsets([...next].map(([partition, o]) => ({ topic, partition, offset: o.toString() })));
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

async function moveGroup(
  kafka: Kafka,
  topic: string,
  groupId: string,
  target: (admin: Admin) => Promise<{ partition: number; offset: string }[]>,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.setOffsets({ groupId, topic, partitions: await target(admin) });
  } finally {
    await admin.disconnect();
  }
}

export function rewindGroup(kafka: Kafka, topic: string, groupId: string): Promise<void> {
  return moveGroup(kafka, topic, groupId, async (admin) =>
    (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: p.low })),
  );
}

export function rewindGroupTo(kafka: Kafka, topic: string, groupId: string, since: Date): Promise<void> {
  return moveGroup(kafka, topic, groupId, (admin) => admin.fetchTopicOffsetsByTimestamp(topic, since.getTime()));
}
