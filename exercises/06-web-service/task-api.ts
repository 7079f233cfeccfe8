import type { FastifyInstance } from "fastify";
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
 * Build (do not start) the task service as a Fastify app (`import Fastify from "fastify"`):
 * - one producer and one consumer for the whole app, connected in an `onReady` hook and
 *   disconnected in an `onClose` hook; the consumer reads `topic` as `groupId` from the
 *   beginning and hands each parsed event to `onTaskEvent`;
 * - POST /tasks with `{ title }` publishes a TaskCreated event keyed by its new taskId and
 *   answers 202 `{ taskId }` only after the broker acknowledged it (503 when it could not);
 *   the producer must never create a missing topic;
 * - GET /health answers 200 while the broker answers, 503 when it does not.
 */
export function buildApp(kafka: Kafka, options: TaskApiOptions): FastifyInstance {
  void kafka;
  void options;
  throw new Error("TODO: build the task service (lesson 6, section 'Exercise: the task API')");
}
