// Alternative correct solution: eachBatch, resolveOffset and commitOffsetsIfNecessary after each event.
import type { Kafka } from "kafkajs";

export interface TaskEvent {
  readonly taskId: string;
  readonly type: "task.created" | "task.updated" | "task.completed";
  readonly title: string;
}

export interface AtLeastOnceOptions {
  readonly topic: string;
  readonly groupId: string;
  readonly handle: (event: TaskEvent) => Promise<void>;
  readonly sessionTimeout?: number;
}

export interface RunningConsumer {
  stop(): Promise<void>;
}

export async function startAtLeastOnceConsumer(kafka: Kafka, options: AtLeastOnceOptions): Promise<RunningConsumer> {
  const { topic, groupId, handle, sessionTimeout } = options;
  const consumer = kafka.consumer(sessionTimeout === undefined ? { groupId } : { groupId, sessionTimeout });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale }) => {
      for (const m of batch.messages) {
        if (!isRunning() || isStale()) return;
        await handle(JSON.parse(m.value?.toString() ?? "{}") as TaskEvent);
        resolveOffset(m.offset);
        await commitOffsetsIfNecessary();
        await heartbeat();
      }
    },
  });
  return { stop: () => consumer.disconnect() };
}
