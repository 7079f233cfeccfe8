import type { Consumer, Kafka } from "kafkajs";
import type { TaskEvent } from "./at-least-once.js";

export type { TaskEvent } from "./at-least-once.js";

export interface SlowProcessorOptions {
  readonly topic: string;
  readonly groupId: string;
  /** The slow step: seconds per event (a model call, a rate-limited API). */
  readonly process: (event: TaskEvent) => Promise<void>;
  /** How long the coordinator waits without a heartbeat before it drops the member. */
  readonly sessionTimeout: number;
  /** The least time between two heartbeats; keep it at a third of the session timeout or less. */
  readonly heartbeatInterval: number;
}

export interface SlowProcessor {
  /** The kafkajs consumer, so callers (and the checks) can watch its instrumentation events. */
  readonly consumer: Consumer;
  stop(): Promise<void>;
}

/**
 * Processes `topic` one event at a time, however long each takes, without losing its place in
 * the group: a batch can last far longer than the session timeout, so the member heartbeats
 * between events, and marks each event done (resolveOffset) only once it is processed.
 */
export async function startSlowProcessor(kafka: Kafka, options: SlowProcessorOptions): Promise<SlowProcessor> {
  const consumer = kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeout,
    heartbeatInterval: options.heartbeatInterval,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });
  await consumer.run({
    // Otherwise a batch left early (on stop) would count as processed in full.
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) break;
        await options.process(JSON.parse(message.value?.toString() ?? "{}") as TaskEvent);
        resolveOffset(message.offset);
        // Without this the member is silent for the whole batch and the group drops it.
        await heartbeat();
      }
    },
  });
  return { consumer, stop: () => consumer.disconnect() };
}
