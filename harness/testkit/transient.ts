import { Kafka } from "kafkajs";
import { kafkaConfig } from "../broker/probe.js";
import { courseContext } from "./kafka.js";

/**
 * Broker answers that mean "not now" rather than "no": a coordinator or leader moving or still
 * loading, a request that timed out on a busy machine. The checks' own clients retry these; a
 * learner's code failing on one is not the learner's mistake.
 */
const TRANSIENT_TYPES = new Set([
  "NOT_COORDINATOR",
  "COORDINATOR_NOT_AVAILABLE",
  "COORDINATOR_LOAD_IN_PROGRESS",
  "LEADER_NOT_AVAILABLE",
  "NOT_LEADER_OR_FOLLOWER",
  "NOT_CONTROLLER",
  "REQUEST_TIMED_OUT",
  "UNKNOWN_TOPIC_OR_PARTITION",
]);
const TRANSIENT_NAMES = new Set([
  "KafkaJSGroupCoordinatorNotFound",
  "KafkaJSConnectionError",
  "KafkaJSRequestTimeoutError",
  "KafkaJSLockTimeout",
]);

export function isTransient(e: unknown): boolean {
  const err = e as { type?: string; name?: string; retriable?: boolean; originalError?: unknown; cause?: unknown };
  if (typeof err !== "object" || err === null) return false;
  if ((err.type && TRANSIENT_TYPES.has(err.type)) || (err.name && TRANSIENT_NAMES.has(err.name))) return true;
  // kafkajs wraps the last error of its own retries.
  return isTransient(err.originalError) || isTransient(err.cause);
}

/**
 * Runs `fn` again after a transient broker error, with doubling waits (100 ms → 1.6 s, about
 * 3 s in all) so a check's own admin or reader call rides out a coordinator move under load.
 */
export async function retryTransient<T>(fn: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= attempts || !isTransient(e)) throw e;
      await new Promise((r) => setTimeout(r, 100 * 2 ** (attempt - 1)));
    }
  }
}

/**
 * A client on the course broker whose own retries outlast a coordinator election under load
 * (the course default of 2 retries gave up in about 300 ms). For the checks' own readers and
 * for learner functions whose subject is not retrying (a downstream reader, a report).
 */
export function patientKafka(clientId = "check-patient"): Kafka {
  return new Kafka({ ...kafkaConfig(courseContext().connection, clientId), retry: PATIENT_RETRY });
}

/** About 8 s of retries in all: longer than a coordinator election on a loaded 2-core machine. */
export const PATIENT_RETRY = { retries: 8, initialRetryTime: 100, maxRetryTime: 2_000 } as const;
