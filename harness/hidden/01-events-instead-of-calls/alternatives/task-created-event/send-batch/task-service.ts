// Alternative correct solution: closures over one producer, sendBatch instead of send, a helper builds the envelope.
import { randomUUID } from "node:crypto";
import type { Kafka } from "kafkajs";

export interface NewTask {
  readonly title: string;
  readonly ownerId: string;
}

export interface Task {
  readonly id: string;
  readonly title: string;
  readonly ownerId: string;
  readonly createdAt: string;
}

export interface EventEnvelope<T> {
  readonly id: string;
  readonly type: string;
  readonly time: string;
  readonly source: string;
  readonly correlationId: string;
  readonly data: T;
}

export interface RequestContext {
  readonly correlationId?: string;
}

export interface TaskService {
  createTask(input: NewTask, ctx?: RequestContext): Promise<Task>;
  close(): Promise<void>;
}

export const SOURCE = "task-api";

function envelopeOf<T>(type: string, data: T, time: string, correlationId: string | undefined): EventEnvelope<T> {
  return { id: randomUUID(), type, time, source: SOURCE, correlationId: correlationId ?? randomUUID(), data };
}

export async function createTaskService(kafka: Kafka, topic: string): Promise<TaskService> {
  const producer = kafka.producer();
  await producer.connect();
  const createTask = async (input: NewTask, ctx?: RequestContext): Promise<Task> => {
    const createdAt = new Date().toISOString();
    const task: Task = { id: randomUUID(), title: input.title, ownerId: input.ownerId, createdAt };
    const event = envelopeOf("task.created", task, createdAt, ctx?.correlationId);
    await producer.sendBatch({
      topicMessages: [{ topic, messages: [{ key: task.id, value: JSON.stringify(event) }] }],
    });
    return task;
  };
  return { createTask, close: async () => producer.disconnect() };
}
