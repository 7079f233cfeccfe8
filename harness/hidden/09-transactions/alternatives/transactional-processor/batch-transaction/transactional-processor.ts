import type { Kafka } from "kafkajs";

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

/**
 * One transaction per fetched batch instead of per record: every output of the batch and the
 * group's offset after its last record commit together, then the batch is resolved.
 */
export async function startProcessor(kafka: Kafka, options: ProcessorOptions): Promise<Processor> {
  const { inputTopic, outputTopic, groupId } = options;
  const producer = kafka.producer({
    transactionalId: options.transactionalId,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  const consumer = kafka.consumer({
    groupId,
    readUncommitted: false,
    ...(options.sessionTimeout !== undefined && { sessionTimeout: options.sessionTimeout }),
  });
  await producer.connect();
  // Register the transactional id now, so an older instance with the same id is fenced at once.
  const fence = await producer.transaction();
  await fence.abort();
  await consumer.connect();
  await consumer.subscribe({ topic: inputTopic, fromBeginning: true });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= consumer.disconnect().then(() => producer.disconnect()));
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset }) => {
      if (batch.messages.length === 0) return;
      const tx = await producer.transaction();
      try {
        for (const message of batch.messages) {
          const event = JSON.parse(message.value?.toString() ?? "{}") as TaskEvent;
          await tx.send({
            topic: outputTopic,
            messages: [{ key: event.taskId, value: JSON.stringify(enrich(event, message.offset, options.instance)) }],
          });
          await options.beforeCommit?.(event);
        }
        const last = batch.messages[batch.messages.length - 1]!;
        await tx.sendOffsets({
          consumerGroupId: groupId,
          topics: [
            {
              topic: batch.topic,
              partitions: [{ partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() }],
            },
          ],
        });
        await tx.commit();
        resolveOffset(last.offset);
      } catch (e) {
        await tx.abort().catch(() => {});
        if (isFenced(e)) void stop();
        throw e;
      }
    },
  });
  return { stop };
}

/** The broker's answer to a producer whose epoch is no longer current. */
export function isFenced(e: unknown): boolean {
  const { type, message } = e as { type?: string; message?: string };
  return type === "INVALID_PRODUCER_EPOCH" || type === "PRODUCER_FENCED" || /fenced|old epoch/i.test(message ?? "");
}

/**
 * A downstream consumer: reads `count` outputs from the beginning of `topic` as group `groupId`,
 * seeing only records of committed transactions, and returns them parsed.
 */
export async function readOutputs(
  kafka: Kafka,
  topic: string,
  groupId: string,
  count: number,
): Promise<EnrichedTaskEvent[]> {
  const consumer = kafka.consumer({ groupId, readUncommitted: false });
  const seen: EnrichedTaskEvent[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ message }) => {
            if (message.value) seen.push(JSON.parse(message.value.toString()) as EnrichedTaskEvent);
            if (seen.length >= count) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}
