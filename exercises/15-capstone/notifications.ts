import type { Kafka } from "kafkajs";
import type { Channel, Notification, TaskEvent } from "./events.js";

/** Where the service remembers which event ids it has sent; it outlives one instance (a table). */
export interface ProcessedStore {
  has(eventId: string): boolean | Promise<boolean>;
  add(eventId: string): unknown;
}

export interface NotificationOptions {
  readonly topic: string;
  readonly groupId: string;
  /** Where malformed events go, with their origin and the error in headers (R6). */
  readonly dltTopic: string;
  /** Sends per second per channel, never exceeded in any one-second window (R5). */
  readonly limits: Readonly<Record<Channel, number>>;
  /** The provider call; it may throw (provider down, timeout). */
  readonly send: (notification: Notification) => Promise<void>;
  readonly processed: ProcessedStore;
  readonly sessionTimeout?: number;
}

export interface RunningService {
  /** Stops fetching, lets the current event finish or fail, leaves the group, disconnects. */
  stop(): Promise<void>;
}

/** The value as a task event, or the reason it is not one. */
export function parseTaskEvent(value: Buffer | null): TaskEvent | { readonly error: string } {
  void value;
  throw new Error("TODO: parse and validate a task event (lesson 15, section 'The spec', R6)");
}

/**
 * The notification service (R4–R7): at least once (the offset is committed only after the send
 * or the dead-lettering), deduplicated by event id, rate-limited per channel by token buckets,
 * and never stalled by a malformed event.
 */
export async function startNotificationService(kafka: Kafka, options: NotificationOptions): Promise<RunningService> {
  void kafka;
  void options;
  throw new Error("TODO: the notification service (lesson 15, section 'The spec', R4 to R6)");
}
