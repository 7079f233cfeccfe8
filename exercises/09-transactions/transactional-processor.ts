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
 * Consume-process-produce, exactly once. Connect a transactional producer (options.transactionalId)
 * and fence older instances at once (open and abort an empty transaction), then a consumer of
 * options.groupId on options.inputTopic. For every input: start a transaction,
 * send enrich(event, message.offset, options.instance) to options.outputTopic keyed by taskId,
 * call options.beforeCommit?.(event), add the consumer's next offset to the transaction, commit.
 * On an error, abort and rethrow. When the error says this producer is fenced (isFenced), a newer
 * instance has taken over: also stop this one (without awaiting it inside eachMessage).
 * stop() disconnects both clients.
 */
export async function startProcessor(kafka: Kafka, options: ProcessorOptions): Promise<Processor> {
  void kafka;
  void options;
  throw new Error(
    "TODO: the transactional processor (lesson 9, section 'Consume, process, produce in one transaction')",
  );
}

/** The broker's answer to a producer whose epoch is no longer current. */
export function isFenced(e: unknown): boolean {
  const { type, message } = e as { type?: string; message?: string };
  return type === "INVALID_PRODUCER_EPOCH" || type === "PRODUCER_FENCED" || /fenced|old epoch/i.test(message ?? "");
}

/**
 * A downstream consumer: read `count` outputs from the beginning of `topic` as group `groupId`,
 * seeing only records of committed transactions, disconnect, and return them parsed.
 */
export async function readOutputs(
  kafka: Kafka,
  topic: string,
  groupId: string,
  count: number,
): Promise<EnrichedTaskEvent[]> {
  void kafka;
  void topic;
  void groupId;
  void count;
  throw new Error("TODO: the downstream reader (lesson 9, section 'read_committed downstream')");
}
