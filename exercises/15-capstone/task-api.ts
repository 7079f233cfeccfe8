import type { FastifyInstance } from "fastify";
import type { Kafka } from "kafkajs";

export interface TaskApiOptions {
  /** The task-events topic; it exists already (the service never creates topics). */
  readonly topic: string;
}

/**
 * The HTTP task API (R2, R3): `POST /tasks/:taskId/events` with `{ type, channel, message }`
 * publishes one TaskEvent (see events.ts) keyed by the task id, with an idempotent producer and
 * acks all, and answers 202 `{ eventId }` only after the broker acknowledged it; 400 for bad input,
 * 503 when the broker did not take it. One producer for the process: connect it in `onReady`,
 * disconnect it in `onClose` (lesson 6).
 */
export function buildTaskApi(kafka: Kafka, options: TaskApiOptions): FastifyInstance {
  void kafka;
  void options;
  throw new Error("TODO: build the Fastify task API (lesson 15, section 'The spec', R2 and R3)");
}
