import { randomUUID } from "node:crypto";
import { kafkaClient, waitUntilAnswers } from "./probe.js";
import type { KafkaConnection } from "./types.js";

/**
 * The container's wait strategy: "ready" means a record written with acks=all is acknowledged,
 * not merely an open port (a published port accepts connections before the JVM even runs) or
 * a log line. The probe topic is deleted again so checks see only their own topics.
 */
export async function waitUntilAcceptsProduce(
  connection: KafkaConnection,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await waitUntilAnswers(connection, timeoutMs, signal);
  const kafka = kafkaClient(connection, "kafka-course-ready");
  const topic = `__kafka-course-ready-${randomUUID().slice(0, 8)}`;
  let last: unknown;
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    const admin = kafka.admin();
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    try {
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: [{ value: "ready?" }] });
      await admin.deleteTopics({ topics: [topic] }).catch(() => {});
      return;
    } catch (e) {
      last = e;
    } finally {
      await producer.disconnect().catch(() => {});
      await admin.disconnect().catch(() => {});
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the broker does not accept produce requests: ${(last as Error | undefined)?.message ?? "timeout"}`);
}
