import { Partitioners, type Kafka } from "kafkajs";

/** One step in a task's life; `seq` counts a task's events from 1. */
export interface TaskEvent {
  readonly taskId: string;
  readonly type: "task.created" | "task.assigned" | "task.updated" | "task.completed";
  readonly seq: number;
}

/** Where the broker stored a record: what `send` reports back. */
export interface Placement {
  readonly partition: number;
  readonly offset: string;
}

export interface TaskEventPublisher {
  publish(event: TaskEvent): Promise<Placement>;
  close(): Promise<void>;
}

/**
 * A publisher that keys every event by its task id and lets Kafka's default partitioner pick
 * the partition, so one task's events share a partition and keep their order.
 */
export async function createTaskEventPublisher(kafka: Kafka, topic: string): Promise<TaskEventPublisher> {
  // DefaultPartitioner hashes keys exactly as the Java client does, so every service agrees where a task lives.
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  return {
    async publish(event) {
      const [meta] = await producer.send({
        topic,
        messages: [{ key: event.taskId, value: JSON.stringify(event) }],
      });
      if (!meta) throw new Error(`the broker did not report where ${event.taskId} #${event.seq} was stored`);
      return { partition: meta.partition, offset: meta.baseOffset ?? meta.offset ?? "-1" };
    },
    close: () => producer.disconnect(),
  };
}
