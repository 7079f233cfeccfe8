import type { Kafka } from "kafkajs";

/** A partition with fewer in-sync replicas than replicas: one more failure away from data loss. */
export interface UnderReplicatedPartition {
  readonly topic: string;
  readonly partition: number;
  readonly leader: number;
  /** The brokers that should hold a copy. */
  readonly replicas: readonly number[];
  /** The brokers whose copy is caught up with the leader. */
  readonly isr: readonly number[];
}

export interface ReplicationReport {
  /** Sorted by topic, then partition. */
  readonly underReplicated: readonly UnderReplicatedPartition[];
  /** Topics with a partition that has no leader at all (offline: no reads, no writes), sorted. */
  readonly offlineTopics: readonly string[];
}

/** kafkajs wraps the broker's error in its retry error (as `cause`); the broker's own error type is inside. */
function leaderMissing(e: unknown): boolean {
  const err = e as { type?: string; cause?: { type?: string } };
  return err.type === "LEADER_NOT_AVAILABLE" || err.cause?.type === "LEADER_NOT_AVAILABLE";
}

/**
 * The replication health of `topics`: every partition whose ISR is shorter than its replica list,
 * and every topic with an offline partition. kafkajs refuses a whole metadata answer that contains
 * a leaderless partition (LEADER_NOT_AVAILABLE), so each topic is asked on its own.
 */
export async function replicationReport(kafka: Kafka, topics: readonly string[]): Promise<ReplicationReport> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const underReplicated: UnderReplicatedPartition[] = [];
    const offlineTopics: string[] = [];
    await Promise.all(
      topics.map(async (topic) => {
        try {
          const { topics: [meta] = [] } = await admin.fetchTopicMetadata({ topics: [topic] });
          for (const p of meta?.partitions ?? []) {
            if (p.isr.length < p.replicas.length) {
              underReplicated.push({
                topic,
                partition: p.partitionId,
                leader: p.leader,
                replicas: p.replicas,
                isr: p.isr,
              });
            }
          }
        } catch (e) {
          if (!leaderMissing(e)) throw e;
          offlineTopics.push(topic);
        }
      }),
    );
    return {
      underReplicated: underReplicated.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition),
      offlineTopics: offlineTopics.sort(),
    };
  } finally {
    await admin.disconnect();
  }
}
