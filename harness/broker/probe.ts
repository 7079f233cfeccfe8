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
    retry: COURSE_RETRY,
  };
}

/**
 * kafkajs retries retriable broker errors (coordinator loading, leader moving, a request timed
 * out) itself; 5 retries from 100 ms doubling to at most 1 s ride out about 2.5 s of a busy
 * broker, so a hiccup of the course's own broker is not reported as the learner's mistake, and a
 * real failure still surfaces within seconds.
 */
export const COURSE_RETRY = { retries: 5, initialRetryTime: 100, maxRetryTime: 1_000 } as const;

/** Broker answers that mean "ask again shortly", not "this is wrong". */
const TRANSIENT_TYPES = new Set([
  "COORDINATOR_NOT_AVAILABLE",
  "COORDINATOR_LOAD_IN_PROGRESS",
  "NOT_COORDINATOR",
  "LEADER_NOT_AVAILABLE",
  "NOT_LEADER_OR_FOLLOWER",
  "NOT_CONTROLLER",
  "REQUEST_TIMED_OUT",
  // Metadata that has not reached every broker yet, just after a topic was created.
  "UNKNOWN_TOPIC_OR_PARTITION",
]);
const TRANSIENT_NAMES = new Set([
  "KafkaJSGroupCoordinatorNotFound",
  "KafkaJSRequestTimeoutError",
  "KafkaJSConnectionError",
  "KafkaJSLockTimeout",
]);

/** A transient broker error, also when kafkajs gave up retrying it (the cause chain is followed). */
export function isTransientBrokerError(e: unknown): boolean {
  for (let err = e, depth = 0; err instanceof Error && depth < 5; depth++) {
    const { type, name } = err as { type?: string; name: string };
    if ((type !== undefined && TRANSIENT_TYPES.has(type)) || TRANSIENT_NAMES.has(name)) return true;
    err =
      (err as { cause?: unknown; originalError?: unknown }).cause ?? (err as { originalError?: unknown }).originalError;
  }
  return false;
}

/**
 * Runs an idempotent operation of the course's own clients again after a transient broker error
 * kafkajs did not ride out (a coordinator election on a loaded machine): `attempts` in all, 250 ms
 * doubling between them (about 4 s of waiting by default). Any other error, or the last one, is
 * thrown as it is.
 */
export async function retryTransient<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= attempts || !isTransientBrokerError(e)) throw e;
      await new Promise((r) => setTimeout(r, 250 * 2 ** (i - 1)));
    }
  }
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
