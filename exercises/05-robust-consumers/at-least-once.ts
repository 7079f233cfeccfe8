import type { Kafka } from "kafkajs";

/** A task event as the task service publishes it. */
export interface TaskEvent {
  readonly taskId: string;
  readonly type: "task.created" | "task.updated" | "task.completed";
  readonly title: string;
}

export interface AtLeastOnceOptions {
  readonly topic: string;
  readonly groupId: string;
  /** The processing step (send the notification, call the model, write the row). It may throw. */
  readonly handle: (event: TaskEvent) => Promise<void>;
  /** The consumer's session timeout; the checks use a short one so a frozen instance is replaced quickly. */
  readonly sessionTimeout?: number;
}

export interface RunningConsumer {
  /** Graceful shutdown: leave the group and disconnect. */
  stop(): Promise<void>;
}

/**
 * Consume `topic` (from the beginning, for a new group) as group `groupId` and hand every event
 * (the JSON value, parsed) to `handle`. No event may ever be lost: not when `handle` throws, not
 * when the process dies half-way. Duplicates after a failure are acceptable (at-least-once).
 * Return once the consumer is running; stop() disconnects it.
 */
export async function startAtLeastOnceConsumer(kafka: Kafka, options: AtLeastOnceOptions): Promise<RunningConsumer> {
  void kafka;
  void options;
  throw new Error("TODO: consume at least once (lesson 5, section 'At-least-once: commit after processing')");
}
