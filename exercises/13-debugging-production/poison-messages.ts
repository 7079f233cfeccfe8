import type { Kafka } from "kafkajs";

/** The record a handler gets: where it came from and what it carries. */
export interface IncomingRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
}

export interface PoisonSafeOptions {
  readonly topic: string;
  readonly groupId: string;
  /** Where records go that still fail after the last attempt, e.g. "task-events.dlt". */
  readonly deadLetterTopic: string;
  /** Processing; throws when the record cannot be processed (now). */
  readonly handle: (record: IncomingRecord) => Promise<void>;
  /** Attempts per record, the first included (3 = one try and two retries). */
  readonly maxAttempts: number;
  /** Pause before the first retry; each further retry waits twice as long as the previous one. */
  readonly backoffMs: number;
  readonly sessionTimeout?: number;
}

export interface PoisonSafeConsumer {
  stop(): Promise<void>;
}

/** Headers every dead-letter record carries, so someone can find, understand and replay it. */
export const DLT_HEADERS = {
  topic: "dlt.original.topic",
  partition: "dlt.original.partition",
  offset: "dlt.original.offset",
  error: "dlt.error.message",
  attempts: "dlt.attempts",
} as const;

/**
 * Consume `topic` so that one bad record cannot stop the partition: give each record
 * `maxAttempts` tries with exponential backoff (backoffMs, 2×, 4×, …) between them; write a record
 * that still fails to `deadLetterTopic` with the DLT_HEADERS (origin topic, partition, offset,
 * error message, attempts), then move on. Commit each offset only after the record was processed
 * or dead-lettered. stop() ends the consumer and producer promptly.
 */
export async function startPoisonSafeConsumer(kafka: Kafka, options: PoisonSafeOptions): Promise<PoisonSafeConsumer> {
  void kafka;
  void options;
  throw new Error(
    "TODO: retries with backoff, then the dead-letter topic (lesson 13, section 'Poison messages, retries and a dead-letter topic')",
  );
}
