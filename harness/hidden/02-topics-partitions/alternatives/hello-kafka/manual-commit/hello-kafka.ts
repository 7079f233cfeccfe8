// Alternative correct solution: one helper owns connect/disconnect, createTopics' "false" is trusted,
// and the reader commits by hand with commitOffsets before it leaves.
import type { Admin, Consumer, Kafka, Producer } from "kafkajs";

export interface TaskEvent {
  readonly taskId: string;
  readonly type: "task.created" | "task.updated" | "task.completed";
  readonly title: string;
}

async function using<C extends Admin | Producer | Consumer, T>(client: C, work: (c: C) => Promise<T>): Promise<T> {
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.disconnect();
  }
}

export function ensureTopic(kafka: Kafka, topic: string, partitions: number): Promise<void> {
  return using(kafka.admin(), async (admin) => {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  });
}

export function publishTaskEvents(kafka: Kafka, topic: string, events: readonly TaskEvent[]): Promise<void> {
  return using(kafka.producer(), async (producer) => {
    for (const e of events) await producer.send({ topic, messages: [{ key: e.taskId, value: JSON.stringify(e) }] });
  });
}

export function readTaskEvents(kafka: Kafka, topic: string, groupId: string, count: number): Promise<TaskEvent[]> {
  return using(kafka.consumer({ groupId }), async (consumer) => {
    await consumer.subscribe({ topic, fromBeginning: true });
    const events: TaskEvent[] = [];
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            if (events.length >= count) return;
            events.push(JSON.parse(message.value?.toString() ?? "null") as TaskEvent);
            const offset = (BigInt(message.offset) + 1n).toString();
            await consumer.commitOffsets([{ topic, partition, offset }]);
            if (events.length === count) resolve();
          },
        })
        .catch(reject);
    });
    return events;
  });
}
