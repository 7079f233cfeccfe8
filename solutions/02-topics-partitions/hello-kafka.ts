import type { Kafka } from "kafkajs";

/** A task event as the task service publishes it. */
export interface TaskEvent {
  readonly taskId: string;
  readonly type: "task.created" | "task.updated" | "task.completed";
  readonly title: string;
}

/** Creates `topic` with `partitions` partitions; calling it again for an existing topic is fine. */
export async function ensureTopic(kafka: Kafka, topic: string, partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    // createTopics resolves false (no error) when the topic already exists.
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/** Publishes the events as JSON, keyed by task id so every event of a task lands in one partition. */
export async function publishTaskEvents(kafka: Kafka, topic: string, events: readonly TaskEvent[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({
      topic,
      messages: events.map((e) => ({ key: e.taskId, value: JSON.stringify(e) })),
    });
  } finally {
    await producer.disconnect();
  }
}

/**
 * Reads `count` events from the start of `topic` as member of consumer group `groupId`,
 * commits what it read, disconnects, and returns the events in the order they arrived.
 */
export async function readTaskEvents(
  kafka: Kafka,
  topic: string,
  groupId: string,
  count: number,
): Promise<TaskEvent[]> {
  const consumer = kafka.consumer({ groupId });
  const events: TaskEvent[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ message }) => {
            if (message.value) events.push(JSON.parse(message.value.toString()) as TaskEvent);
            if (events.length >= count) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    // disconnect() stops the run loop and commits the offsets of the messages processed so far.
    await consumer.disconnect();
  }
  return events;
}
