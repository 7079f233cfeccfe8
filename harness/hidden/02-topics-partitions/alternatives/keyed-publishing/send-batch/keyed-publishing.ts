// Alternative correct solution: closures and sendBatch; kafkajs 2's default partitioner (no option given)
// is already the Java-compatible murmur2 one.
import type { Kafka } from "kafkajs";

export interface TaskEvent {
  readonly taskId: string;
  readonly type: "task.created" | "task.assigned" | "task.updated" | "task.completed";
  readonly seq: number;
}

export interface Placement {
  readonly partition: number;
  readonly offset: string;
}

export interface TaskEventPublisher {
  publish(event: TaskEvent): Promise<Placement>;
  close(): Promise<void>;
}

export async function createTaskEventPublisher(kafka: Kafka, topic: string): Promise<TaskEventPublisher> {
  const producer = kafka.producer();
  await producer.connect();
  const publish = async (event: TaskEvent): Promise<Placement> => {
    const [meta] = await producer.sendBatch({
      acks: -1,
      topicMessages: [{ topic, messages: [{ key: event.taskId, value: JSON.stringify(event) }] }],
    });
    return { partition: meta?.partition ?? -1, offset: meta?.baseOffset ?? "-1" };
  };
  return { publish, close: () => producer.disconnect() };
}
