// Alternative correct solution: a class that owns its producer, an idempotent producer with acks=all.
import { randomUUID } from "node:crypto";
import type { Kafka, Producer } from "kafkajs";

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

class EventedTaskService implements TaskService {
  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  async createTask(input: NewTask, ctx: RequestContext = {}): Promise<Task> {
    const task: Task = { id: randomUUID(), ...input, createdAt: new Date().toISOString() };
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: [{ key: task.id, value: JSON.stringify(this.envelope(task, ctx)) }],
    });
    return task;
  }

  close(): Promise<void> {
    return this.producer.disconnect();
  }

  private envelope(task: Task, ctx: RequestContext): EventEnvelope<Task> {
    return {
      id: randomUUID(),
      type: "task.created",
      time: task.createdAt,
      source: SOURCE,
      correlationId: ctx.correlationId ?? randomUUID(),
      data: task,
    };
  }
}

export async function createTaskService(kafka: Kafka, topic: string): Promise<TaskService> {
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  return new EventedTaskService(producer, topic);
}
