// Alternative correct solution: pause the partition, run the task outside the consume loop, commit, then resume.
import type { Consumer, Kafka } from "kafkajs";
import type { TaskEvent } from "@exercise/05-robust-consumers/at-least-once.js";

export type { TaskEvent } from "@exercise/05-robust-consumers/at-least-once.js";

export interface LongTaskOptions {
  readonly topic: string;
  readonly groupId: string;
  /** The work for one event; a single call can take longer than the session timeout. */
  readonly process: (event: TaskEvent) => Promise<void>;
  readonly sessionTimeout: number;
  readonly heartbeatInterval: number;
}

export interface LongTaskWorker {
  /** The kafkajs consumer, so callers (and the checks) can watch its instrumentation events. */
  readonly consumer: Consumer;
  stop(): Promise<void>;
}

/**
 * The long task runs outside the consume loop: the partition is paused while it runs (kafkajs
 * keeps fetching the other partitions and heartbeating), its offset is committed when it has
 * finished, and then the partition resumes.
 */
export async function startLongTaskWorker(kafka: Kafka, options: LongTaskOptions): Promise<LongTaskWorker> {
  const consumer = kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeout,
    heartbeatInterval: options.heartbeatInterval,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });
  const tasks = new Set<Promise<void>>();
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      const partitions = [{ topic, partitions: [partition] }];
      consumer.pause(partitions);
      const task = options
        .process(JSON.parse(message.value?.toString() ?? "{}") as TaskEvent)
        .then(() => consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]))
        .then(() => consumer.resume(partitions))
        .finally(() => tasks.delete(task));
      tasks.add(task);
    },
  });
  return {
    consumer,
    stop: async () => {
      await Promise.allSettled(tasks);
      await consumer.disconnect();
    },
  };
}
