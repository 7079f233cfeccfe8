import type { Consumer, Kafka } from "kafkajs";
import type { TaskEvent } from "./at-least-once.js";

export type { TaskEvent } from "./at-least-once.js";

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
 * Processes `topic` one event at a time where one event can outlast the session timeout: the
 * member keeps heartbeating on a timer while `process` runs, so the coordinator never drops it and
 * the group never rebalances because of a long task.
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
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) break;
        // kafkajs sends heartbeats only from its consume loop, which waits for this call: keep
        // the member alive from a timer while one long task runs.
        const beat = setInterval(() => void heartbeat().catch(() => {}), options.heartbeatInterval);
        try {
          await options.process(JSON.parse(message.value?.toString() ?? "{}") as TaskEvent);
        } finally {
          clearInterval(beat);
        }
        resolveOffset(message.offset);
        await heartbeat();
      }
    },
  });
  return { consumer, stop: () => consumer.disconnect() };
}
