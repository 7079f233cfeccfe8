import { randomUUID } from "node:crypto";
import type { Admin, Kafka, KafkaMessage } from "kafkajs";
import { INSPECTOR_GROUP_PREFIX } from "./created.js";
import type { RecordPage, RecordRow } from "./types.js";

export interface PageRequest {
  readonly topic: string;
  readonly partition: number;
  /** First offset of the page; below the log start it starts there. */
  readonly from: number;
  readonly limit: number;
  /** Gives up waiting for more records after this long without one (default 1.5 s). */
  readonly idleMs?: number;
  /** The whole read's budget (default 10 s). */
  readonly timeoutMs?: number;
}

function row(partition: number, m: KafkaMessage): RecordRow {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.headers ?? {}))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.map(String).join(",") : String(v);
  return {
    partition,
    offset: Number(m.offset),
    timestamp: Number(m.timestamp),
    key: m.key?.toString() ?? null,
    value: m.value?.toString() ?? null,
    headers,
  };
}

/**
 * One page of a partition's records. kafkajs consumers read only through a group, so this joins
 * a fresh group of its own, pauses the other partitions, seeks, and deletes the group afterwards
 * (it would otherwise show up among the learner's groups). Committed records only.
 */
export async function readPage(kafka: Kafka, admin: Admin, req: PageRequest): Promise<RecordPage> {
  const offsets = await admin.fetchTopicOffsets(req.topic);
  const at = offsets.find((o) => o.partition === req.partition);
  const low = Number(at?.low ?? 0);
  const high = Number(at?.high ?? 0);
  const from = Math.max(low, req.from);
  const page = (records: RecordRow[]): RecordPage => ({
    topic: req.topic,
    partition: req.partition,
    from,
    records,
    next: records.length ? records[records.length - 1]!.offset + 1 : high,
    low,
    high,
  });
  if (from >= high) return page([]);
  const groupId = `${INSPECTOR_GROUP_PREFIX}${randomUUID().slice(0, 8)}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
  const records: RecordRow[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: req.topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      const deadline = setTimeout(resolve, req.timeoutMs ?? 10_000);
      let idle: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(deadline);
        clearTimeout(idle);
        resolve();
      };
      const others = offsets.map((o) => o.partition).filter((p) => p !== req.partition);
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const r = row(partition, message);
          if (partition !== req.partition || r.offset < from || records.length >= req.limit) return;
          records.push(r);
          clearTimeout(idle);
          if (records.length >= req.limit || r.offset + 1 >= high) return done();
          // Transaction markers take offsets but are never delivered: stop once nothing more comes.
          idle = setTimeout(done, req.idleMs ?? 1_500);
        },
      });
      consumer.on(consumer.events.GROUP_JOIN, () => {
        if (others.length) consumer.pause([{ topic: req.topic, partitions: others }]);
      });
      consumer.seek({ topic: req.topic, partition: req.partition, offset: String(from) });
    });
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => {});
  }
  return page(records);
}
