// Alternative correct solution: plain functions; eachMessage with kafkajs's auto-commit (an offset is
// committed only after the handler returned, i.e. after processing or dead-lettering); a generic retry
// helper; the dead letter goes out through sendBatch.
import type { Kafka, KafkaMessage } from "kafkajs";

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

type Attempted =
  { readonly failed: false } | { readonly failed: true; readonly error: unknown; readonly attempts: number };

/** Runs `work` up to `max` times, waiting `backoffMs`, 2×, 4×… between tries; gives up early when `give` says so. */
async function retrying(
  work: () => Promise<void>,
  max: number,
  backoffMs: number,
  giveUp: () => boolean,
): Promise<Attempted> {
  let delay = backoffMs;
  for (let n = 1; ; n++) {
    try {
      await work();
      return { failed: false };
    } catch (error) {
      if (n === max || giveUp()) return { failed: true, error, attempts: n };
    }
    await new Promise((r) => setTimeout(r, delay));
    delay *= 2;
  }
}

function deadLetterHeaders(topic: string, partition: number, m: KafkaMessage, failure: Attempted & { failed: true }) {
  return {
    ...m.headers,
    [DLT_HEADERS.topic]: topic,
    [DLT_HEADERS.partition]: `${partition}`,
    [DLT_HEADERS.offset]: m.offset,
    [DLT_HEADERS.error]: failure.error instanceof Error ? failure.error.message : `${String(failure.error)}`,
    [DLT_HEADERS.attempts]: `${failure.attempts}`,
  };
}

export async function startPoisonSafeConsumer(kafka: Kafka, options: PoisonSafeOptions): Promise<PoisonSafeConsumer> {
  const producer = kafka.producer({ idempotent: true });
  const consumer = kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeout ?? 10_000,
    maxWaitTimeInMs: 100,
  });
  const life = { stopping: false };
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topics: [options.topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const record: IncomingRecord = {
        topic,
        partition,
        offset: message.offset,
        key: message.key === null ? null : message.key.toString(),
        value: message.value === null ? null : message.value.toString(),
      };
      const result = await retrying(
        () => options.handle(record),
        options.maxAttempts,
        options.backoffMs,
        () => life.stopping,
      );
      if (!result.failed) return;
      // Throwing keeps the offset uncommitted: a stop mid-retry reads the record again later.
      if (life.stopping) throw new Error("stopped during retries; the record will be read again");
      await producer.sendBatch({
        topicMessages: [
          {
            topic: options.deadLetterTopic,
            messages: [
              { key: message.key, value: message.value, headers: deadLetterHeaders(topic, partition, message, result) },
            ],
          },
        ],
      });
    },
  });
  return {
    stop: async () => {
      life.stopping = true;
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
