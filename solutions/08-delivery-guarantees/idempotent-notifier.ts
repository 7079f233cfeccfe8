import { DatabaseSync } from "node:sqlite";
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

/** Opens (or creates) the dedupe store: one row per event id that was sent. */
export function openSentStore(dbPath: string): SentStore {
  const db = new DatabaseSync(dbPath);
  // WAL + FULL: a row is on disk once markSent returns, and survives a crash of the process.
  db.exec(`
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = FULL;
    CREATE TABLE IF NOT EXISTS sent (event_id TEXT PRIMARY KEY, sent_at TEXT NOT NULL);
  `);
  const seen = db.prepare("SELECT 1 FROM sent WHERE event_id = ?");
  const mark = db.prepare("INSERT INTO sent (event_id, sent_at) VALUES (?, ?) ON CONFLICT (event_id) DO NOTHING");
  return {
    has: (eventId) => seen.get(eventId) !== undefined,
    markSent: (eventId) => {
      mark.run(eventId, new Date().toISOString());
    },
    close: () => db.close(),
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
