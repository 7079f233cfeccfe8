import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from "node:fs";
import type { Kafka } from "kafkajs";

/** A task event as the task service publishes it; `eventId` is unique per event, not per task. */
export interface TaskEvent {
  readonly eventId: string;
  readonly taskId: string;
  readonly type: "task.created" | "task.completed";
  readonly title: string;
  readonly assignee: string;
}

/** What the notifier asks the provider to send. */
export interface Notification {
  readonly eventId: string;
  readonly to: string;
  readonly text: string;
}

/** The durable record of what was sent, keyed by event id. */
export interface SentStore {
  has(eventId: string): boolean;
  markSent(eventId: string): void;
  close(): void;
}

export interface NotifierOptions {
  readonly topic: string;
  readonly groupId: string;
  /** The SQLite file of the dedupe store; it outlives the process. */
  readonly dbPath: string;
  /** The provider: sends one notification. It may throw (then the event must come back). */
  readonly send: (notification: Notification) => Promise<void>;
  /** Called after an event is handled and before its offset is committed (the checks crash you here). */
  readonly beforeCommit?: (notification: Notification) => Promise<void>;
  readonly sessionTimeout?: number;
}

export interface RunningNotifier {
  /** Leave the group, disconnect and close the store. */
  stop(): Promise<void>;
}

/**
 * The dedupe store as an append-only file of event ids, fsync'ed after every line: a line is on
 * disk once markSent returns. (Ignores SQLite on purpose: any durable store will do.)
 */
export function openSentStore(dbPath: string): SentStore {
  const file = `${dbPath}.ids`;
  const seen = new Set(existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : []);
  const fd = openSync(file, "a");
  return {
    has: (eventId) => seen.has(eventId),
    markSent: (eventId) => {
      if (seen.has(eventId)) return;
      writeSync(fd, `${eventId}\n`);
      fsyncSync(fd);
      seen.add(eventId);
    },
    close: () => closeSync(fd),
  };
}

/** The notification for a task event. */
export function notificationFor(event: TaskEvent): Notification {
  const what = event.type === "task.created" ? "New task" : "Task done";
  return { eventId: event.eventId, to: event.assignee, text: `${what}: ${event.title}` };
}

/**
 * Consumes task events at least once and sends each notification once: an event whose id is in
 * the store is not sent again, whichever offset it arrives at and however often.
 */
export async function startNotifier(kafka: Kafka, options: NotifierOptions): Promise<RunningNotifier> {
  const store = openSentStore(options.dbPath);
  const consumer = kafka.consumer({
    groupId: options.groupId,
    ...(options.sessionTimeout !== undefined && { sessionTimeout: options.sessionTimeout }),
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const event = JSON.parse(message.value?.toString() ?? "{}") as TaskEvent;
        const notification = notificationFor(event);
        if (!store.has(event.eventId)) {
          // Send first, then record: a failed send leaves no record, so the event is retried.
          await options.send(notification);
          store.markSent(event.eventId);
        }
        await options.beforeCommit?.(notification);
        await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
      },
    });
  } catch (e) {
    await consumer.disconnect().catch(() => {});
    store.close();
    throw e;
  }
  return {
    stop: async () => {
      await consumer.disconnect();
      store.close();
    },
  };
}
