import { randomUUID } from "node:crypto";
import type { Admin, Consumer, Kafka, KafkaMessage } from "kafkajs";
import { inject } from "vitest";
import { isTransientBrokerError, kafkaConfig, retryTransient } from "../broker/probe.js";
import { CheckKafka } from "./check-client.js";
import type { CourseContext } from "./provided.js";
import "./provided.js";

export function courseContext(): CourseContext {
  const ctx = inject("course");
  if (!ctx) throw new Error("hidden tests must run through the course runner (no broker was provided)");
  return ctx;
}

/** A kafkajs client on the course broker; what the hidden tests hand to the learner's code. */
export function testKafka(clientId = `check-${randomUUID().slice(0, 8)}`): Kafka {
  return new CheckKafka(kafkaConfig(courseContext().connection, clientId));
}

/** Topic and group names unique per test, so checks never see each other's data. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Runs `fn` with a connected admin client and always disconnects it. */
export async function withAdmin<T>(kafka: Kafka, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Creates a topic and waits until every partition has a leader that serves it. On a busy broker
 * kafkajs's own wait (`waitForLeaders`) can fail with UNKNOWN_TOPIC_OR_PARTITION although the
 * topic was created, because the metadata it asks for is not there yet; and a leader named in the
 * metadata may not have created the partition's log yet, so a produce right away is refused with
 * "This server does not host this topic-partition". Both are waited out here: the topic is ready
 * once its leaders answer ListOffsets for every partition.
 */
export async function createTopic(
  kafka: Kafka,
  topic: string,
  numPartitions = 1,
  configEntries: readonly { name: string; value: string }[] = [],
): Promise<void> {
  await withAdmin(kafka, async (admin) => {
    try {
      // A retry after a transient error may find the topic the first attempt created.
      await retryTransient(() =>
        admin.createTopics({
          topics: [{ topic, numPartitions, replicationFactor: 1, configEntries: [...configEntries] }],
          waitForLeaders: true,
        }),
      );
    } catch (e) {
      if ((e as { type?: string }).type !== "UNKNOWN_TOPIC_OR_PARTITION") throw e;
    }
    const deadline = Date.now() + 15_000;
    for (;;) {
      const ready = await admin.fetchTopicOffsets(topic).then(
        (offsets) => offsets.length === numPartitions,
        () => false,
      );
      if (ready) return;
      if (Date.now() > deadline)
        throw new Error(`topic ${topic} was created but its leaders do not serve it after 15 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });
}

export interface ReadRecord {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Record<string, string>;
}

function toRecord(partition: number, m: KafkaMessage): ReadRecord {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.headers ?? {})) {
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.map(String).join(",") : String(v);
  }
  return { partition, offset: m.offset, key: m.key?.toString() ?? null, value: m.value?.toString() ?? null, headers };
}

/**
 * Reads a topic from the beginning with a fresh group until `count` records arrived or
 * `timeoutMs` passed; returns what it saw either way (the test decides what is wrong). The
 * reader's fetch wait is short, so stopping it never waits out kafkajs's 5 s long poll. If the
 * course's own reader crashes on a transient broker error kafkajs will not restart from (its group
 * coordinator not found), it reads again with a new group within the same time. Each record
 * (partition, offset) is returned once, even if the reader was handed it twice.
 */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  count: number,
  { timeoutMs = 10_000, isolation = "read_committed" as "read_committed" | "read_uncommitted" } = {},
): Promise<ReadRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    const { seen, crash } = await readOnce(kafka, topic, count, deadline, isolation);
    if (!crash || attempt >= 3 || Date.now() >= deadline || !isTransientBrokerError(crash)) return seen;
  }
}

async function readOnce(
  kafka: Kafka,
  topic: string,
  count: number,
  deadline: number,
  isolation: "read_committed" | "read_uncommitted",
): Promise<{ seen: ReadRecord[]; crash?: unknown }> {
  const consumer: Consumer = kafka.consumer({
    groupId: uniqueName("course-reader"),
    readUncommitted: isolation === "read_uncommitted",
    maxWaitTimeInMs: 100,
  });
  const seen: ReadRecord[] = [];
  const offsets = new Set<string>();
  let crash: unknown;
  await consumer.connect();
  try {
    // A topic someone else creates on first write (Connect's routed topics) may not exist yet:
    // kafkajs refuses to subscribe to it, so ask again until it does or the deadline passes.
    for (;;) {
      try {
        await consumer.subscribe({ topic, fromBeginning: true });
        break;
      } catch (e) {
        if (!isTransientBrokerError(e) || Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (payload.restart) return;
        crash = payload.error;
        done();
      });
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          // A reader that rejoins (a rebalance on a busy broker) is handed records again: count each once.
          const at = `${partition}:${message.offset}`;
          if (offsets.has(at)) return;
          offsets.add(at);
          seen.push(toRecord(partition, message));
          if (seen.length >= count) done();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return { seen, ...(crash !== undefined && { crash }) };
}

/** Rejects with a teaching message when `p` does not settle within `ms` (learner code that hangs). */
export async function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
