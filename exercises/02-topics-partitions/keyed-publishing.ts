import type { Kafka } from "kafkajs";

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
 * Connect one producer that uses Kafka's default partitioner. `publish` sends the event as JSON,
 * keyed by its taskId, and returns the partition and offset the broker reported for it.
 * `close` disconnects the producer.
 */
export async function createTaskEventPublisher(kafka: Kafka, topic: string): Promise<TaskEventPublisher> {
  void kafka;
  void topic;
  throw new Error("TODO: create the publisher (lesson 2, section 'Keys and the default partitioner')");
}
