import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from "kafkajs";
import type { KafkaConnection } from "./types.js";

/** The course's kafkajs settings for a connection: one place, for every client the harness makes. */
export function kafkaConfig(connection: KafkaConnection, clientId = "kafka-course"): KafkaConfig {
  return {
    clientId,
    brokers: [...connection.brokers],
    ...(connection.ssl !== undefined && { ssl: connection.ssl }),
    ...(connection.sasl && { sasl: { ...connection.sasl } as SASLOptions }),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    retry: { retries: 2, initialRetryTime: 100 },
  };
}

/** The one place outside the exercises that builds a kafkajs client from a connection. */
export function kafkaClient(connection: KafkaConnection, clientId = "kafka-course"): Kafka {
  return new Kafka(kafkaConfig(connection, clientId));
}

/** Resolves once the cluster answers an admin metadata request; rejects after `timeoutMs`. */
export async function waitUntilAnswers(
  connection: KafkaConnection,
  timeoutMs: number,
  signal?: AbortSignal,
  /** An error that waiting will not cure (nothing listens at the address): give up at once. */
  hopeless: (e: unknown) => boolean = () => false,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    const admin = kafkaClient(connection, "kafka-course-probe").admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length > 0 && cluster.controller !== null) return;
      last = new Error("no controller elected yet");
    } catch (e) {
      last = e;
      if (hopeless(e)) break;
    } finally {
      await admin.disconnect().catch(() => {});
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw last instanceof Error ? last : new Error(String(last));
}

/** Nothing listens there, or the name does not resolve: an address waiting will not fix. */
export function refused(e: unknown): boolean {
  const text = (x: unknown): string =>
    x instanceof Error
      ? `${x.message} ${text((x as { cause?: unknown; originalError?: unknown }).cause ?? (x as { originalError?: unknown }).originalError)}`
      : "";
  return /ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(text(e));
}
