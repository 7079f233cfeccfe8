// Alternative correct solution: a class that keeps one admin client per report and walks the topics
// one after the other; a partition counts as under-replicated when any of its replicas is missing
// from its ISR, and as offline when it has no leader (kafkajs reports that as a LEADER_NOT_AVAILABLE error).
import type { Admin, Kafka, PartitionMetadata } from "kafkajs";

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

class ReplicationInspector {
  private readonly under: UnderReplicatedPartition[] = [];
  private readonly offline = new Set<string>();

  constructor(private readonly admin: Admin) {}

  async inspect(topic: string): Promise<void> {
    let partitions: PartitionMetadata[];
    try {
      const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
      partitions = topics.find((t) => t.name === topic)?.partitions ?? [];
    } catch (e) {
      const { type, cause } = e as { type?: string; cause?: { type?: string } };
      if (type !== "LEADER_NOT_AVAILABLE" && cause?.type !== "LEADER_NOT_AVAILABLE") throw e;
      this.offline.add(topic);
      return;
    }
    for (const p of partitions) {
      if (p.leader < 0) this.offline.add(topic);
      const inSync = new Set(p.isr);
      if (p.replicas.some((r) => !inSync.has(r))) {
        this.under.push({
          topic,
          partition: p.partitionId,
          leader: p.leader,
          replicas: [...p.replicas],
          isr: [...p.isr],
        });
      }
    }
  }

  report(): ReplicationReport {
    const key = (r: UnderReplicatedPartition) => [r.topic, r.partition] as const;
    return {
      underReplicated: [...this.under].sort((a, b) => {
        const [ta, pa] = key(a);
        const [tb, pb] = key(b);
        return ta.localeCompare(tb) || pa - pb;
      }),
      offlineTopics: [...this.offline].sort(),
    };
  }
}

export async function replicationReport(kafka: Kafka, topics: readonly string[]): Promise<ReplicationReport> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const inspector = new ReplicationInspector(admin);
    for (const topic of topics) await inspector.inspect(topic);
    return inspector.report();
  } finally {
    await admin.disconnect();
  }
}
