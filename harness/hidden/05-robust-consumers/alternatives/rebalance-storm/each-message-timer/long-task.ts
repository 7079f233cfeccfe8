// Alternative correct solution: eachMessage (kafkajs 2 passes it heartbeat() too), heartbeating from a timer while the task runs.
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
 * eachMessage instead of eachBatch: kafkajs 2 hands eachMessage a heartbeat() too, called from a
 * timer while the task runs; kafkajs resolves and commits the offset once eachMessage returns.
 */
export async function startLongTaskWorker(kafka: Kafka, options: LongTaskOptions): Promise<LongTaskWorker> {
  const consumer = kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeout,
    heartbeatInterval: options.heartbeatInterval,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, heartbeat }) => {
      const beat = setInterval(() => void heartbeat().catch(() => {}), options.heartbeatInterval);
      try {
        await options.process(JSON.parse(message.value?.toString() ?? "{}") as TaskEvent);
      } finally {
        clearInterval(beat);
      }
    },
  });
  return { consumer, stop: () => consumer.disconnect() };
}
