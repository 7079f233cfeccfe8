import { randomUUID } from "node:crypto";
import Fastify, { type FastifyInstance } from "fastify";
import type { Kafka } from "kafkajs";

/** The event POST /tasks publishes: an envelope (lesson 1) around the new task. */
export interface TaskCreated {
  readonly eventId: string;
  readonly type: "task.created";
  readonly occurredAt: string;
  readonly taskId: string;
  readonly title: string;
}

export interface TaskApiOptions {
  /** The topic task events go to; it exists already (the service does not create topics). */
  readonly topic: string;
  /** The consumer group of the background consumer. */
  readonly groupId: string;
  /** The background consumer's work, once per event it reads. */
  readonly onTaskEvent: (event: TaskCreated) => Promise<void>;
}

/**
 * The task service: one producer and one background consumer for the whole process, connected
 * when the app becomes ready and disconnected when it closes.
 */
export function buildApp(kafka: Kafka, options: TaskApiOptions): FastifyInstance {
  const app = Fastify();
  // A missing topic is a deployment mistake: fail the request instead of creating the topic.
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const consumer = kafka.consumer({ groupId: options.groupId });
  const admin = kafka.admin();

  app.addHook("onReady", async () => {
    await Promise.all([producer.connect(), admin.connect(), consumer.connect()]);
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const event = JSON.parse(message.value?.toString() ?? "{}") as TaskCreated;
        await options.onTaskEvent(event);
      },
    });
  });

  // Fastify has closed the server and answered the requests in flight before onClose hooks run.
  app.addHook("onClose", async () => {
    // Stops fetching, lets the current event finish, commits and leaves the group.
    await consumer.disconnect();
    await producer.disconnect();
    await admin.disconnect();
  });

  app.post<{ Body: { title?: unknown } }>("/tasks", async (request, reply) => {
    const title = request.body?.title;
    if (typeof title !== "string" || title.length === 0) {
      return reply.code(400).send({ error: "title (a non-empty string) is required" });
    }
    const event: TaskCreated = {
      eventId: randomUUID(),
      type: "task.created",
      occurredAt: new Date().toISOString(),
      taskId: randomUUID(),
      title,
    };
    try {
      // 202 only once the broker has acknowledged the event: then it survives a crash of this process.
      await producer.send({
        topic: options.topic,
        acks: -1,
        messages: [{ key: event.taskId, value: JSON.stringify(event) }],
      });
    } catch (e) {
      request.log.error(e, "task event not published");
      return reply.code(503).send({ error: "the task could not be recorded; try again" });
    }
    return reply.code(202).send({ taskId: event.taskId });
  });

  app.get("/health", async (_request, reply) => {
    try {
      await withTimeout(2_000, admin.describeCluster());
      return { status: "ok", kafka: "up" };
    } catch {
      return reply.code(503).send({ status: "degraded", kafka: "down" });
    }
  });

  return app;
}

async function withTimeout<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
