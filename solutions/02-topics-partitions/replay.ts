import type { Kafka } from "kafkajs";

/** An event as a reader saw it: where it was stored and what it said. */
export interface SeenEvent {
  readonly partition: number;
  readonly offset: string;
  readonly value: string;
}

/**
 * Reads exactly `count` events as a member of `groupId`: from the group's committed offsets,
 * or from the oldest retained event if the group has never committed. Commits exactly what
 * it returns, then leaves the group.
 */
export async function readBatch(kafka: Kafka, topic: string, groupId: string, count: number): Promise<SeenEvent[]> {
  const consumer = kafka.consumer({ groupId });
  const seen: SeenEvent[] = [];
  await consumer.connect();
  try {
    // Only applies while the group has no committed offset; afterwards the commit wins.
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          // Commit by hand: a fetched batch can hold more than `count` events, and the ones
          // we do not return must stay uncommitted for the next read.
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            if (seen.length >= count) return;
            seen.push({ partition, offset: message.offset, value: message.value?.toString() ?? "" });
            const next = (BigInt(message.offset) + 1n).toString();
            await consumer.commitOffsets([{ topic, partition, offset: next }]);
            if (seen.length === count) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

/** Moves `groupId`'s committed offsets on `topic` back to the oldest retained events. The group must be empty. */
export async function rewindGroup(kafka: Kafka, topic: string, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    // Commit real offsets (each partition's log start). admin.resetOffsets({ earliest: true })
    // commits the marker -2 instead, which only kafkajs reads as "earliest"; other clients see
    // "no committed offset" and fall back to their own auto.offset.reset.
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({
      groupId,
      topic,
      partitions: offsets.map((p) => ({ partition: p.partition, offset: p.low })),
    });
  } finally {
    await admin.disconnect();
  }
}

/**
 * Moves `groupId`'s committed offsets on `topic` to the first event written at or after `since`,
 * partition by partition (where none is that recent: the end of the partition). The group must be empty.
 */
export async function rewindGroupTo(kafka: Kafka, topic: string, groupId: string, since: Date): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const partitions = await admin.fetchTopicOffsetsByTimestamp(topic, since.getTime());
    await admin.setOffsets({ groupId, topic, partitions });
  } finally {
    await admin.disconnect();
  }
}
