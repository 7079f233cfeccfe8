// Alternative correct solution: eachMessage, which resolves each offset once its event is processed and
// calls heartbeat() itself between events; one extra heartbeat before the slow step.
import type { Consumer, Kafka } from "kafkajs";
import type { TaskEvent } from "@exercise/05-robust-consumers/at-least-once.js";

export type { TaskEvent } from "@exercise/05-robust-consumers/at-least-once.js";

export interface SlowProcessorOptions {
  readonly topic: string;
  readonly groupId: string;
  readonly process: (event: TaskEvent) => Promise<void>;
  readonly sessionTimeout: number;
  readonly heartbeatInterval: number;
}

export interface SlowProcessor {
  readonly consumer: Consumer;
  stop(): Promise<void>;
}

export async function startSlowProcessor(kafka: Kafka, options: SlowProcessorOptions): Promise<SlowProcessor> {
  const { topic, groupId, sessionTimeout, heartbeatInterval } = options;
  const consumer = kafka.consumer({ groupId, sessionTimeout, heartbeatInterval });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, heartbeat }) => {
      await heartbeat();
      await options.process(JSON.parse(message.value?.toString() ?? "{}") as TaskEvent);
    },
  });
  return { consumer, stop: () => consumer.disconnect() };
}
