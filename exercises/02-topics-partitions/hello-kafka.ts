import type { Kafka } from "kafkajs";

/** A task event as the task service publishes it. */
export interface TaskEvent {
  readonly taskId: string;
  readonly type: "task.created" | "task.updated" | "task.completed";
  readonly title: string;
}

/**
 * Create `topic` with `partitions` partitions. Calling it again for a topic that already
 * exists must not fail. Use an admin client: kafka.admin(), connect, createTopics, disconnect.
 */
export async function ensureTopic(kafka: Kafka, topic: string, partitions: number): Promise<void> {
  void kafka;
  void topic;
  void partitions;
  throw new Error("TODO: create the topic (lesson 2, section 'Hello, Kafka')");
}

/**
 * Publish every event to `topic` as JSON (JSON.stringify(event)), keyed by its taskId.
 * Connect a producer, send, and disconnect it when done.
 */
export async function publishTaskEvents(kafka: Kafka, topic: string, events: readonly TaskEvent[]): Promise<void> {
  void kafka;
  void topic;
  void events;
  throw new Error("TODO: publish the events (lesson 2, section 'Hello, Kafka')");
}

/**
 * Read `count` events from the beginning of `topic` as a member of consumer group `groupId`,
 * then disconnect (which commits the group's offsets) and return the parsed events in arrival order.
 */
export async function readTaskEvents(
  kafka: Kafka,
  topic: string,
  groupId: string,
  count: number,
): Promise<TaskEvent[]> {
  void kafka;
  void topic;
  void groupId;
  void count;
  throw new Error("TODO: consume the events (lesson 2, section 'Hello, Kafka')");
}
