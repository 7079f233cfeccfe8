import { randomUUID } from "node:crypto";
import type { Kafka } from "kafkajs";
import { audit, notify, remind } from "./legacy-services.js";

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
 * TODO (lesson 1, section 'Exercise: from calls to an event'): this is the task API as it
 * was, calling three services one after another. Make it publish one `task.created` event
 * (an EventEnvelope<Task>) to `topic` instead, keyed by the task id, and answer without
 * calling or waiting for any of them. Connect a producer here; close() disconnects it.
 */
export async function createTaskService(kafka: Kafka, topic: string): Promise<TaskService> {
  void kafka;
  void topic;
  return {
    async createTask(input, ctx = {}) {
      void ctx;
      const task: Task = {
        id: randomUUID(),
        title: input.title,
        ownerId: input.ownerId,
        createdAt: new Date().toISOString(),
      };
      await notify(task);
      await audit(task);
      await remind(task);
      return task;
    },
    close: async () => {},
  };
}
