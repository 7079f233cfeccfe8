import { randomUUID } from "node:crypto";
import Fastify, { type FastifyInstance } from "fastify";
import type { Kafka } from "kafkajs";
import { CHANNELS, EVENT_TYPES, type Channel, type TaskEvent, type TaskEventType } from "./events.js";

export interface TaskApiOptions {
  /** The task-events topic; it exists already (the service never creates topics). */
  readonly topic: string;
}

interface EventBody {
  readonly type?: unknown;
  readonly channel?: unknown;
  readonly message?: unknown;
}

/**
 * The HTTP task API (R2, R3): `POST /tasks/:taskId/events` publishes one task event keyed by
 * the task id with an idempotent producer and acks all, and answers 202 with the event id only
 * after the broker acknowledged it. One producer for the process, connected on ready, closed on close.
 */
export function buildTaskApi(kafka: Kafka, options: TaskApiOptions): FastifyInstance {
  const app = Fastify();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });

  app.addHook("onReady", async () => {
    await producer.connect();
  });
  app.addHook("onClose", async () => {
    await producer.disconnect();
  });

  app.post<{ Params: { taskId: string }; Body: EventBody | undefined }>(
    "/tasks/:taskId/events",
    async (request, reply) => {
      const { type, channel, message } = request.body ?? {};
      if (!EVENT_TYPES.includes(type as TaskEventType)) {
        return reply.code(400).send({ error: `type must be one of ${EVENT_TYPES.join(", ")}` });
      }
      if (!CHANNELS.includes(channel as Channel)) {
        return reply.code(400).send({ error: `channel must be one of ${CHANNELS.join(", ")}` });
      }
      if (typeof message !== "string" || message.length === 0) {
        return reply.code(400).send({ error: "message (a non-empty string) is required" });
      }
      const event: TaskEvent = {
        eventId: randomUUID(),
        type: type as TaskEventType,
        occurredAt: new Date().toISOString(),
        taskId: request.params.taskId,
        channel: channel as Channel,
        message,
      };
      try {
        // The key keeps every event of one task in one partition, so consumers see them in order.
        await producer.send({
          topic: options.topic,
          acks: -1,
          messages: [{ key: event.taskId, value: JSON.stringify(event) }],
        });
      } catch (e) {
        request.log.error(e, "task event not published");
        return reply.code(503).send({ error: "the event could not be recorded; try again" });
      }
      return reply.code(202).send({ eventId: event.eventId });
    },
  );

  return app;
}
