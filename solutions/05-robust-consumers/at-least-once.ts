import type { Kafka } from "kafkajs";

/** A task event as the task service publishes it. */
export interface TaskEvent {
  readonly taskId: string;
  readonly type: "task.created" | "task.updated" | "task.completed";
  readonly title: string;
}

export interface AtLeastOnceOptions {
  readonly topic: string;
  readonly groupId: string;
  /** The processing step (send the notification, call the model, write the row). It may throw. */
  readonly handle: (event: TaskEvent) => Promise<void>;
  /** The consumer's session timeout; the checks use a short one so a frozen instance is replaced quickly. */
  readonly sessionTimeout?: number;
}

export interface RunningConsumer {
  /** Graceful shutdown: leave the group and disconnect. */
  stop(): Promise<void>;
}

/**
 * Consumes `topic` as group `groupId` and hands every event to `handle`, at least once: an
 * event's offset is committed only after `handle` finished it, so a crash or a failed `handle`
 * means the event is delivered again (to this instance or the next), never skipped.
 */
export async function startAtLeastOnceConsumer(kafka: Kafka, options: AtLeastOnceOptions): Promise<RunningConsumer> {
  const consumer = kafka.consumer({
    groupId: options.groupId,
    ...(options.sessionTimeout !== undefined && { sessionTimeout: options.sessionTimeout }),
  });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });
  await consumer.run({
    // We say when an event is done, not a timer.
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      const event = JSON.parse(message.value?.toString() ?? "{}") as TaskEvent;
      await options.handle(event);
      // The committed offset is the next one to read: this event's offset + 1.
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    },
  });
  return { stop: () => consumer.disconnect() };
}
