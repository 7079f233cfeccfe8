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
  /** ISO 8601. */
  readonly createdAt: string;
}

/** What travels on the topic: facts about the event around the business data. */
export interface EventEnvelope<T> {
  /** Unique per event: consumers use it to recognise a redelivery. */
  readonly id: string;
  readonly type: string;
  /** When it happened, ISO 8601. */
  readonly time: string;
  /** Which service emitted it. */
  readonly source: string;
  /** Shared by everything one request caused, across services. */
  readonly correlationId: string;
  readonly data: T;
}

/** What the HTTP layer knows about the request: the caller's correlation id, if it sent one. */
export interface RequestContext {
  readonly correlationId?: string;
}

export interface TaskService {
  createTask(input: NewTask, ctx?: RequestContext): Promise<Task>;
  close(): Promise<void>;
}

export const SOURCE = "task-api";

/**
 * The task API after the move to events: it records the task, publishes one `task.created`
 * event and answers. Notification, audit and reminders are consumer groups on the topic; the
 * API no longer knows they exist.
 */
export async function createTaskService(kafka: Kafka, topic: string): Promise<TaskService> {
  const producer = kafka.producer();
  await producer.connect();
  return {
    async createTask(input, ctx = {}) {
      const task: Task = {
        id: randomUUID(),
        title: input.title,
        ownerId: input.ownerId,
        createdAt: new Date().toISOString(),
      };
      const event: EventEnvelope<Task> = {
        id: randomUUID(),
        type: "task.created",
        time: task.createdAt,
        source: SOURCE,
        correlationId: ctx.correlationId ?? randomUUID(),
        data: task,
      };
      // Awaiting the send is the API's only wait: once Kafka has the event it is safe to answer.
      await producer.send({
        topic,
        messages: [{ key: task.id, value: JSON.stringify(event) }],
      });
      return task;
    },
    close: () => producer.disconnect(),
  };
}
