// Alternative correct solution: a KafkaBridge class owns the producer, consumer and admin; the app's
// hooks call its start/stop; health asks the broker for topic metadata.
import { randomUUID } from "node:crypto";
import Fastify, { type FastifyInstance } from "fastify";
import type { Admin, Consumer, Kafka, Producer } from "kafkajs";

export interface TaskCreated {
  readonly eventId: string;
  readonly type: "task.created";
  readonly occurredAt: string;
  readonly taskId: string;
  readonly title: string;
}

export interface TaskApiOptions {
  readonly topic: string;
  readonly groupId: string;
  readonly onTaskEvent: (event: TaskCreated) => Promise<void>;
}

class KafkaBridge {
  private readonly producer: Producer;
  private readonly consumer: Consumer;
  private readonly admin: Admin;

  constructor(
    kafka: Kafka,
    private readonly options: TaskApiOptions,
  ) {
    this.producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: true });
    this.consumer = kafka.consumer({ groupId: options.groupId });
    this.admin = kafka.admin();
  }

  async start(): Promise<void> {
    await this.producer.connect();
    await this.admin.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.options.topic], fromBeginning: true });
    await this.consumer.run({
      eachMessage: ({ message }) => this.options.onTaskEvent(JSON.parse(String(message.value)) as TaskCreated),
    });
  }

  async publish(event: TaskCreated): Promise<void> {
    await this.producer.send({
      topic: this.options.topic,
      acks: -1,
      messages: [{ key: event.taskId, value: JSON.stringify(event) }],
    });
  }

  async healthy(): Promise<boolean> {
    const answer = this.admin.fetchTopicMetadata({ topics: [this.options.topic] }).then(() => true);
    const late = new Promise<boolean>((r) => setTimeout(() => r(false), 2_000).unref());
    return Promise.race([answer, late]).catch(() => false);
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
    await Promise.all([this.producer.disconnect(), this.admin.disconnect()]);
  }
}

export function buildApp(kafka: Kafka, options: TaskApiOptions): FastifyInstance {
  const app = Fastify();
  const bridge = new KafkaBridge(kafka, options);
  app.addHook("onReady", () => bridge.start());
  app.addHook("onClose", () => bridge.stop());

  app.post<{ Body: { title?: unknown } }>("/tasks", async (request, reply) => {
    const { title } = request.body ?? {};
    if (typeof title !== "string" || !title) return reply.status(400).send({ error: "title is required" });
    const taskId = randomUUID();
    const event: TaskCreated = {
      eventId: randomUUID(),
      type: "task.created",
      occurredAt: new Date().toISOString(),
      taskId,
      title,
    };
    const stored = await bridge.publish(event).then(
      () => true,
      () => false,
    );
    return stored ? reply.status(202).send({ taskId }) : reply.status(503).send({ error: "not recorded, retry" });
  });

  app.get("/health", async (_req, reply) =>
    (await bridge.healthy()) ? { status: "ok" } : reply.status(503).send({ status: "degraded" }),
  );
  return app;
}
