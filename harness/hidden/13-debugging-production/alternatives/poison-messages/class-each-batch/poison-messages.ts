// Alternative correct solution: a class consuming with eachBatch (offsets resolved by hand, committed
// through auto-commit once resolved, heartbeats between attempts); retries as a recursive helper; the
// dead letter is sent with acks from all in-sync replicas.
import type { Batch, Consumer, Kafka, KafkaMessage, Producer } from "kafkajs";

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

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

type Outcome = { readonly ok: true } | { readonly ok: false; readonly error: unknown; readonly attempts: number };

class PoisonSafe implements PoisonSafeConsumer {
  private readonly producer: Producer;
  private readonly consumer: Consumer;
  private running = true;

  constructor(
    kafka: Kafka,
    private readonly options: PoisonSafeOptions,
  ) {
    this.producer = kafka.producer({ idempotent: true });
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeout ?? 10_000,
      maxWaitTimeInMs: 100,
    });
  }

  async start(): Promise<this> {
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.options.topic, fromBeginning: true });
    await this.consumer.run({
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale }) => {
        for (const message of batch.messages) {
          if (!isRunning() || isStale() || !this.running) return;
          const outcome = await this.attempt(this.record(batch, message), 1, heartbeat);
          if (!this.running && !outcome.ok) return; // cut short by stop(): read again later
          if (!outcome.ok) await this.deadLetter(batch.partition, message, outcome.error, outcome.attempts);
          resolveOffset(message.offset);
          await commitOffsetsIfNecessary();
        }
      },
    });
    return this;
  }

  private record(batch: Batch, m: KafkaMessage): IncomingRecord {
    return {
      topic: batch.topic,
      partition: batch.partition,
      offset: m.offset,
      key: m.key?.toString() ?? null,
      value: m.value?.toString() ?? null,
    };
  }

  private async attempt(record: IncomingRecord, n: number, heartbeat: () => Promise<void>): Promise<Outcome> {
    try {
      await this.options.handle(record);
      return { ok: true };
    } catch (error) {
      if (n >= this.options.maxAttempts || !this.running) return { ok: false, error, attempts: n };
      await sleep(this.options.backoffMs * 2 ** (n - 1));
      await heartbeat();
      return this.attempt(record, n + 1, heartbeat);
    }
  }

  private async deadLetter(partition: number, message: KafkaMessage, error: unknown, attempts: number) {
    await this.producer.send({
      topic: this.options.deadLetterTopic,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            [DLT_HEADERS.topic]: this.options.topic,
            [DLT_HEADERS.partition]: String(partition),
            [DLT_HEADERS.offset]: message.offset,
            [DLT_HEADERS.error]: error instanceof Error ? error.message : String(error),
            [DLT_HEADERS.attempts]: String(attempts),
          },
        },
      ],
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.consumer.disconnect();
    await this.producer.disconnect();
  }
}

export function startPoisonSafeConsumer(kafka: Kafka, options: PoisonSafeOptions): Promise<PoisonSafeConsumer> {
  return new PoisonSafe(kafka, options).start();
}
