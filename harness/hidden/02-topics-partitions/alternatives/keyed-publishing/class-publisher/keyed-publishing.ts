// Alternative correct solution: a class implementing the publisher; the partitioner passed explicitly.
import { Partitioners, type Kafka, type Producer } from "kafkajs";

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

class KeyedPublisher implements TaskEventPublisher {
  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  async publish(event: TaskEvent): Promise<Placement> {
    const results = await this.producer.send({
      topic: this.topic,
      messages: [{ key: Buffer.from(event.taskId), value: JSON.stringify(event) }],
    });
    const r = results.find((x) => x.topicName === this.topic);
    if (!r?.baseOffset) throw new Error("no placement reported");
    return { partition: r.partition, offset: r.baseOffset };
  }

  close(): Promise<void> {
    return this.producer.disconnect();
  }
}

export async function createTaskEventPublisher(kafka: Kafka, topic: string): Promise<TaskEventPublisher> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  await producer.connect();
  return new KeyedPublisher(producer, topic);
}
