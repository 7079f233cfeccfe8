import type { Consumer, Kafka, KafkaMessage, Producer } from "kafkajs";

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
 * Consumes `topic` so that one bad record cannot stop the partition: each record gets
 * `maxAttempts` tries with exponential backoff between them; a record that still fails is written
 * to the dead-letter topic with its origin and the error in headers, and the consumer moves on.
 * The offset is committed only after the record was processed or dead-lettered.
 */
export async function startPoisonSafeConsumer(kafka: Kafka, options: PoisonSafeOptions): Promise<PoisonSafeConsumer> {
  const producer: Producer = kafka.producer({ idempotent: true });
  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeout ?? 10_000,
    maxWaitTimeInMs: 100,
  });
  let stopping = false;
  // Backoff pauses end early on stop(), so a record in its retries cannot hold up shutdown.
  const sleepers = new Set<() => void>();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });

  const toRecord = (partition: number, m: KafkaMessage): IncomingRecord => ({
    topic: options.topic,
    partition,
    offset: m.offset,
    key: m.key?.toString() ?? null,
    value: m.value?.toString() ?? null,
  });

  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      const record = toRecord(partition, message);
      let attempt = 0;
      let failure: unknown;
      for (;;) {
        if (stopping) throw new Error("stopping: the record stays uncommitted and is read again later");
        attempt++;
        try {
          await options.handle(record);
          failure = undefined;
          break;
        } catch (e) {
          failure = e;
        }
        if (attempt >= options.maxAttempts) break;
        await pause(options.backoffMs * 2 ** (attempt - 1));
      }
      if (failure !== undefined) {
        const context = {
          [DLT_HEADERS.topic]: options.topic,
          [DLT_HEADERS.partition]: String(partition),
          [DLT_HEADERS.offset]: message.offset,
          [DLT_HEADERS.error]: failure instanceof Error ? failure.message : String(failure),
          [DLT_HEADERS.attempts]: String(attempt),
        };
        await producer.send({
          topic: options.deadLetterTopic,
          messages: [{ key: message.key, value: message.value, headers: { ...message.headers, ...context } }],
        });
      }
      // Processed or parked in the DLT: either way this partition moves on.
      await consumer.commitOffsets([
        { topic: options.topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
      ]);
    },
  });

  return {
    async stop() {
      stopping = true;
      for (const wake of [...sleepers]) wake();
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
