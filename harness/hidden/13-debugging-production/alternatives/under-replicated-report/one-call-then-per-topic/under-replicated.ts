// Alternative correct solution: one metadata request for all topics first (the common, healthy case);
// only when kafkajs refuses it because some partition has no leader, each topic is asked on its own,
// all at once with Promise.allSettled. The admin retries once only: a leaderless partition is an answer.
import type { Admin, Kafka } from "kafkajs";

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

/** True when `e` or any error it wraps (kafkajs nests them as `cause`) is LEADER_NOT_AVAILABLE. */
function isLeaderless(e: unknown): boolean {
  for (let err = e as { type?: unknown; cause?: unknown } | undefined; err; err = err.cause as typeof err) {
    if (err.type === "LEADER_NOT_AVAILABLE") return true;
  }
  return false;
}

async function rowsOf(admin: Admin, topics: readonly string[]): Promise<UnderReplicatedPartition[]> {
  const { topics: meta } = await admin.fetchTopicMetadata({ topics: [...topics] });
  return meta.flatMap((t) =>
    t.partitions
      .filter((p) => p.isr.length < p.replicas.length)
      .map((p) => ({ topic: t.name, partition: p.partitionId, leader: p.leader, replicas: p.replicas, isr: p.isr })),
  );
}

export async function replicationReport(kafka: Kafka, topics: readonly string[]): Promise<ReplicationReport> {
  const admin = kafka.admin({ retry: { retries: 1 } });
  await admin.connect();
  try {
    let rows: UnderReplicatedPartition[] = [];
    const offlineTopics: string[] = [];
    try {
      rows = topics.length === 0 ? [] : await rowsOf(admin, topics);
    } catch (e) {
      if (!isLeaderless(e)) throw e;
      const answers = await Promise.allSettled(topics.map((t) => rowsOf(admin, [t])));
      answers.forEach((a, i) => {
        if (a.status === "fulfilled") rows.push(...a.value);
        else if (isLeaderless(a.reason)) offlineTopics.push(topics[i] ?? "");
        else throw a.reason;
      });
    }
    return {
      underReplicated: rows.sort((x, y) =>
        x.topic === y.topic ? x.partition - y.partition : x.topic < y.topic ? -1 : 1,
      ),
      offlineTopics: offlineTopics.sort(),
    };
  } finally {
    await admin.disconnect();
  }
}
