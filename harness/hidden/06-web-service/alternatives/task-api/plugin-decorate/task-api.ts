// Alternative correct solution: the clients are made inside the onReady hook and kept on the instance
// with decorate; one onClose disconnects them; routes in a plugin; health via describeCluster.
import { randomUUID } from "node:crypto";
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from "fastify";
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

interface Clients {
  producer?: Producer;
  consumer?: Consumer;
  admin?: Admin;
}

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms).unref());
}

function routes(options: TaskApiOptions, clients: Clients): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: { title?: unknown } }>("/tasks", async (request, reply) => {
      const title = request.body?.title;
      if (typeof title !== "string" || title === "") return reply.code(400).send({ error: "title required" });
      const event: TaskCreated = {
        eventId: randomUUID(),
        type: "task.created",
        occurredAt: new Date().toISOString(),
        taskId: randomUUID(),
        title,
      };
      try {
        await clients.producer?.sendBatch({
          acks: -1,
          topicMessages: [{ topic: options.topic, messages: [{ key: event.taskId, value: JSON.stringify(event) }] }],
        });
      } catch {
        return reply.code(503).send({ error: "try again" });
      }
      return reply.code(202).send({ taskId: event.taskId });
    });
    app.get("/health", async (_request, reply) => {
      try {
        if (!clients.admin) throw new Error("not ready");
        await Promise.race([clients.admin.describeCluster(), timeout(2_000)]);
        return { kafka: "up" };
      } catch {
        return reply.code(503).send({ kafka: "down" });
      }
    });
  };
}

export function buildApp(kafka: Kafka, options: TaskApiOptions): FastifyInstance {
  const app = Fastify();
  const clients: Clients = {};
  app.decorate("kafkaClients", clients);
  app.addHook("onReady", async () => {
    clients.producer = kafka.producer({ allowAutoTopicCreation: false });
    clients.admin = kafka.admin();
    clients.consumer = kafka.consumer({ groupId: options.groupId });
    await Promise.all([clients.producer.connect(), clients.admin.connect()]);
    await clients.consumer.connect();
    await clients.consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await clients.consumer.run({
      eachMessage: async ({ message }) => options.onTaskEvent(JSON.parse(String(message.value)) as TaskCreated),
    });
  });
  app.addHook("onClose", async () => {
    await clients.consumer?.disconnect();
    await Promise.allSettled([clients.producer?.disconnect(), clients.admin?.disconnect()]);
  });
  void app.register(routes(options, clients));
  return app;
}
