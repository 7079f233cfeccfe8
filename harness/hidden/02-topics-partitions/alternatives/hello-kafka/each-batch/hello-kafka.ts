// Alternative correct solution: listTopics before creating, sendBatch, and eachBatch with resolveOffset.
import type { Kafka } from "kafkajs";

export interface TaskEvent {
  readonly taskId: string;
  readonly type: "task.created" | "task.updated" | "task.completed";
  readonly title: string;
}

export async function ensureTopic(kafka: Kafka, topic: string, partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if ((await admin.listTopics()).includes(topic)) return;
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

export async function publishTaskEvents(kafka: Kafka, topic: string, events: readonly TaskEvent[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    const messages = events.map((e) => ({ key: e.taskId, value: JSON.stringify(e) }));
    await producer.sendBatch({ topicMessages: [{ topic, messages }] });
  } finally {
    await producer.disconnect();
  }
}

export async function readTaskEvents(
  kafka: Kafka,
  topic: string,
  groupId: string,
  count: number,
): Promise<TaskEvent[]> {
  const consumer = kafka.consumer({ groupId });
  const events: TaskEvent[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachBatchAutoResolve: false,
          eachBatch: async ({ batch, resolveOffset }) => {
            for (const m of batch.messages) {
              if (events.length >= count) break;
              events.push(JSON.parse(m.value?.toString() ?? "null") as TaskEvent);
              resolveOffset(m.offset);
            }
            if (events.length >= count) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return events;
}
