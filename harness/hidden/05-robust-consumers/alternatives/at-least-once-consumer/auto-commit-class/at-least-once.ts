// Alternative correct solution: a class; kafkajs's auto-commit, which only ever commits the offsets of
// events whose eachMessage has resolved (so processing happens before the commit).
import type { Consumer, Kafka } from "kafkajs";

export interface TaskEvent {
  readonly taskId: string;
  readonly type: "task.created" | "task.updated" | "task.completed";
  readonly title: string;
}

export interface AtLeastOnceOptions {
  readonly topic: string;
  readonly groupId: string;
  readonly handle: (event: TaskEvent) => Promise<void>;
  readonly sessionTimeout?: number;
}

export interface RunningConsumer {
  stop(): Promise<void>;
}

class AtLeastOnceWorker implements RunningConsumer {
  private readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    private readonly options: AtLeastOnceOptions,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      ...(options.sessionTimeout && { sessionTimeout: options.sessionTimeout }),
    });
  }

  async start(): Promise<this> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.options.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: true,
      eachMessage: ({ message }) => this.options.handle(JSON.parse(String(message.value)) as TaskEvent),
    });
    return this;
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}

export function startAtLeastOnceConsumer(kafka: Kafka, options: AtLeastOnceOptions): Promise<RunningConsumer> {
  return new AtLeastOnceWorker(kafka, options).start();
}
