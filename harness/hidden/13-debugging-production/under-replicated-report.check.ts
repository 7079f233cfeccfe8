import type { Kafka } from "kafkajs";
import { describe, test } from "vitest";
import {
  replicationReport,
  type ReplicationReport,
  type UnderReplicatedPartition,
} from "@exercise/13-debugging-production/under-replicated.js";
import { clusterKafka, type ClusterForChecks } from "../../broker/cluster.js";
import { clusterForChecks } from "../../testkit/services.js";
import { uniqueName, within } from "../../testkit/kafka.js";
import { countingKafka } from "../../testkit/counting-kafka.js";
import { teachClientsClosed } from "../../testkit/leftovers.js";
import { teach } from "../../testkit/teach.js";

/*
 * These checks stop and restart a broker, so they never run against KAFKA_BOOTSTRAP_SERVERS or the
 * course broker: they use the course's own three-node cluster (harness/broker/cluster.ts).
 */
const SEE = "lesson 13, section “Under-replicated partitions”";
const STOPPED = 2;

function showRows(rows: readonly UnderReplicatedPartition[]): string {
  return rows.length === 0
    ? "none"
    : rows.map((r) => `${r.topic}/${r.partition} isr [${r.isr.join(",")}] of [${r.replicas.join(",")}]`).join("; ");
}

/** The check's own view of which partitions lost an in-sync replica (not the learner's code). */
async function shrunkPartitions(kafka: Kafka, topics: readonly string[]): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics: meta } = await admin.fetchTopicMetadata({ topics: [...topics] });
    return meta.flatMap((t) => t.partitions).filter((p) => p.isr.length < p.replicas.length).length;
  } finally {
    await admin.disconnect();
  }
}

async function poll(cond: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

function compare(got: ReplicationReport, want: { under: readonly string[]; offline: readonly string[] }): string[] {
  const problems: string[] = [];
  const rows = Array.isArray(got?.underReplicated) ? got.underReplicated : [];
  const ids = rows.map((r) => `${r.topic}/${r.partition}`);
  const extra = ids.filter((id) => !want.under.includes(id));
  const missing = want.under.filter((id) => !ids.includes(id));
  if (missing.length > 0) {
    problems.push(
      `missing: ${missing.join(", ")}. These partitions still have a leader and serve reads and writes, but their ISR lost broker ${STOPPED}: one more failure and their data is gone. A partition is under-replicated when its ISR is shorter than its replica list, leader or not`,
    );
  }
  if (extra.length > 0) {
    problems.push(
      `reported healthy partitions: ${extra.join(", ")}. Their ISR holds every one of their own replicas; compare each partition's ISR with its own replica list, not with the number of brokers`,
    );
  }
  if (missing.length === 0 && extra.length === 0 && JSON.stringify(ids) !== JSON.stringify(want.under)) {
    problems.push(`sort the rows by topic, then partition (got ${ids.join(", ")})`);
  }
  const offline = Array.isArray(got?.offlineTopics) ? got.offlineTopics : [];
  if (JSON.stringify(offline) !== JSON.stringify(want.offline)) {
    problems.push(
      `offline topics ${JSON.stringify(offline)}, expected ${JSON.stringify(want.offline)}: a partition whose only replica was on broker ${STOPPED} has no leader left (offline)`,
    );
  }
  return problems;
}

async function report(kafka: Kafka, topics: readonly string[], when: string): Promise<ReplicationReport> {
  try {
    return await within(30_000, "replicationReport", replicationReport(kafka, topics));
  } catch (e) {
    const msg = (e as Error).message;
    teach(false, {
      expected: `a report ${when}`,
      actual: /leader/i.test(msg)
        ? `replicationReport threw "${msg}". A partition without a leader makes kafkajs refuse the whole metadata answer (LEADER_NOT_AVAILABLE): that error is how an offline partition shows, so ask per topic and report the topic as offline`
        : `replicationReport threw "${msg}"`,
      see: SEE,
    });
  }
}

describe("Under-replicated partitions on a three-broker cluster", () => {
  test(`stopping broker ${STOPPED} shows exactly the partitions that had a replica on it; restarting it clears the report`, async () => {
    const cluster: ClusterForChecks = await within(180_000, "the three-node cluster to start", clusterForChecks());
    const kafka = clusterKafka(cluster.connection);
    const base = uniqueName("urp");
    const rf3 = `${base}-a-rf3`;
    const rf2 = `${base}-b-rf2`;
    const solo1 = `${base}-c-solo1`;
    const solo2 = `${base}-d-solo2`;
    const topics = [rf3, rf2, solo1, solo2];
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          { topic: rf3, numPartitions: 3, replicationFactor: 3 },
          {
            topic: rf2,
            replicaAssignment: [
              { partition: 0, replicas: [1, 3] },
              { partition: 1, replicas: [2, 1] },
              { partition: 2, replicas: [3, 2] },
            ],
          },
          { topic: solo1, replicaAssignment: [{ partition: 0, replicas: [1] }] },
          { topic: solo2, replicaAssignment: [{ partition: 0, replicas: [STOPPED] }] },
        ],
      });
    } finally {
      await admin.disconnect();
    }
    try {
      await poll(async () => (await shrunkPartitions(kafka, topics)) === 0, 10_000);
      const learner = countingKafka(uniqueName("urp-report"), cluster.connection);
      const healthy = await report(learner.kafka, topics, "for a healthy cluster");
      await teachClientsClosed(learner, "replicationReport", SEE);
      const before = compare(healthy, { under: [], offline: [] });
      teach(before.length === 0, {
        expected: "an empty report while all three brokers run and every ISR is full",
        actual: `${before.join("\n")}\n(report: ${showRows(healthy.underReplicated ?? [])})`,
        see: SEE,
      });

      // A crash: no controlled shutdown. The controller fences the broker when its heartbeats stop.
      await cluster.stopNode(STOPPED, "SIGKILL");
      const shrunk = await poll(async () => (await shrunkPartitions(kafka, [rf3, rf2])) === 5, 30_000);
      if (!shrunk) throw new Error(`the cluster did not shrink the ISRs within 30 s of stopping broker ${STOPPED}`);
      const down = await report(kafka, topics, `while broker ${STOPPED} is down`);
      const want = {
        under: [`${rf3}/0`, `${rf3}/1`, `${rf3}/2`, `${rf2}/1`, `${rf2}/2`],
        offline: [solo2],
      };
      const problems = compare(down, want);
      teach(problems.length === 0, {
        expected: `with broker ${STOPPED} down: ${want.under.join(", ")} under-replicated, ${solo2} offline`,
        actual: `${problems.join("\n")}\n(report: ${showRows(down.underReplicated ?? [])})`,
        see: SEE,
      });

      await cluster.startNode(STOPPED);
      let last: ReplicationReport | undefined;
      const recovered = await poll(async () => {
        last = await report(kafka, topics, `after broker ${STOPPED} came back`);
        return compare(last, { under: [], offline: [] }).length === 0;
      }, 30_000);
      teach(recovered, {
        expected: `an empty report once broker ${STOPPED} is back and its replicas caught up and rejoined the ISR`,
        actual: `still reported after 30 s: ${showRows(last?.underReplicated ?? [])}; offline ${JSON.stringify(last?.offlineTopics)}`,
        see: SEE,
      });
    } finally {
      await cluster.startNode(STOPPED);
      const cleanup = kafka.admin();
      await cleanup.connect();
      await cleanup.deleteTopics({ topics }).catch(() => {});
      await cleanup.disconnect();
    }
  });
});
