import type { Consumer, EachMessagePayload, Kafka, Producer } from "kafkajs";

/** A task event as the task service publishes it (the processor's input). */
export interface TaskEvent {
  readonly taskId: string;
  readonly type: "task.created" | "task.updated" | "task.completed";
  readonly title: string;
}

/** What the processor writes: the input plus what it worked out, and who processed it. */
export interface EnrichedTaskEvent extends TaskEvent {
  readonly words: number;
  /** The input record's offset, so a downstream reader can tell outputs apart. */
  readonly sourceOffset: string;
  /** ProcessorOptions.instance of the process that wrote it. */
  readonly processedBy: string;
}

export interface ProcessorOptions {
  readonly inputTopic: string;
  readonly outputTopic: string;
  readonly groupId: string;
  /** Stable across restarts of the same processor: it is what lets a new instance fence an old one. */
  readonly transactionalId: string;
  /** A name for this process (a host name, say); written into every output as processedBy. */
  readonly instance: string;
  /** The consumer's session timeout; the checks use a short one so a frozen instance is replaced quickly. */
  readonly sessionTimeout?: number;
  /**
   * Called after an input's output is sent and BEFORE the transaction commits. The checks use it
   * to make an instance crash or freeze at the worst possible moment.
   */
  readonly beforeCommit?: (event: TaskEvent) => Promise<void>;
}

export interface Processor {
  stop(): Promise<void>;
}

/** The "process" step: pure, given. */
export function enrich(event: TaskEvent, sourceOffset: string, instance: string): EnrichedTaskEvent {
  return { ...event, words: event.title.split(/\s+/).filter(Boolean).length, sourceOffset, processedBy: instance };
}

/** The broker's answer to a producer whose epoch is no longer current. */
export function isFenced(e: unknown): boolean {
  const { type, message } = e as { type?: string; message?: string };
  return type === "INVALID_PRODUCER_EPOCH" || type === "PRODUCER_FENCED" || /fenced|old epoch/i.test(message ?? "");
}

/**
 * One instance of the processor as an object: its producer and consumer, and the one
 * transaction per input that carries both the output and the group's next offset.
 */
class TransactionalProcessor implements Processor {
  private readonly producer: Producer;
  private readonly consumer: Consumer;
  private stopping: Promise<void> | undefined;

  constructor(
    kafka: Kafka,
    private readonly options: ProcessorOptions,
  ) {
    this.producer = kafka.producer({
      transactionalId: options.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      readUncommitted: false,
      ...(options.sessionTimeout !== undefined && { sessionTimeout: options.sessionTimeout }),
    });
  }

  async start(): Promise<this> {
    await this.producer.connect();
    // Fence first: an empty transaction registers the transactional id with the coordinator,
    // which bumps the epoch and aborts whatever an older instance left open, before we read offsets.
    const fence = await this.producer.transaction();
    await fence.abort();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.options.inputTopic], fromBeginning: true });
    await this.consumer.run({ autoCommit: false, eachMessage: (payload) => this.handle(payload) });
    return this;
  }

  stop(): Promise<void> {
    this.stopping ??= this.consumer.disconnect().finally(() => this.producer.disconnect());
    return this.stopping;
  }

  private async handle({ topic, partition, message }: EachMessagePayload): Promise<void> {
    const event = JSON.parse(message.value?.toString() ?? "{}") as TaskEvent;
    const next = (BigInt(message.offset) + 1n).toString();
    const tx = await this.producer.transaction();
    try {
      await tx.sendBatch({
        topicMessages: [
          {
            topic: this.options.outputTopic,
            messages: [
              { key: event.taskId, value: JSON.stringify(enrich(event, message.offset, this.options.instance)) },
            ],
          },
        ],
      });
      await this.options.beforeCommit?.(event);
      await tx.sendOffsets({
        consumerGroupId: this.options.groupId,
        topics: [{ topic, partitions: [{ partition, offset: next }] }],
      });
      await tx.commit();
    } catch (e) {
      await tx.abort().catch(() => {});
      // A fenced instance can never commit again: leave the group instead of retrying. Not
      // awaited, because disconnecting waits for this very handler to return.
      if (isFenced(e)) void this.stop();
      throw e;
    }
  }
}

/** Consume-process-produce, exactly once, one transaction per input. */
export async function startProcessor(kafka: Kafka, options: ProcessorOptions): Promise<Processor> {
  return new TransactionalProcessor(kafka, options).start();
}

/** A read_committed reader that takes whole batches and stops once it has `count` outputs. */
export async function readOutputs(
  kafka: Kafka,
  topic: string,
  groupId: string,
  count: number,
): Promise<EnrichedTaskEvent[]> {
  const consumer = kafka.consumer({ groupId, readUncommitted: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    return await new Promise<EnrichedTaskEvent[]>((resolve, reject) => {
      const seen: EnrichedTaskEvent[] = [];
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            for (const m of batch.messages) if (m.value) seen.push(JSON.parse(m.value.toString()) as EnrichedTaskEvent);
            if (seen.length >= count) resolve(seen.slice(0, count));
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}
