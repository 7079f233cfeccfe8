import { DatabaseSync } from "node:sqlite";
import type { Consumer, Kafka } from "kafkajs";

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

/** The notifier as a class: eachBatch, each record resolved and committed once it is handled. */
class BatchNotifier implements RunningNotifier {
  readonly #store: SentStore;
  readonly #consumer: Consumer;
  readonly #options: NotifierOptions;

  constructor(kafka: Kafka, options: NotifierOptions) {
    this.#options = options;
    this.#store = openSentStore(options.dbPath);
    this.#consumer = kafka.consumer({
      groupId: options.groupId,
      ...(options.sessionTimeout !== undefined && { sessionTimeout: options.sessionTimeout }),
    });
  }

  async start(): Promise<void> {
    await this.#consumer.connect();
    await this.#consumer.subscribe({ topic: this.#options.topic, fromBeginning: true });
    await this.#consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        for (const message of batch.messages) {
          if (!isRunning() || isStale()) return;
          await this.#handle(message.value);
          const next = (BigInt(message.offset) + 1n).toString();
          await this.#consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
          resolveOffset(message.offset);
          await heartbeat();
        }
      },
    });
  }

  async #handle(value: Buffer | null): Promise<void> {
    const event = JSON.parse(value?.toString() ?? "{}") as TaskEvent;
    const notification = notificationFor(event);
    if (!this.#store.has(event.eventId)) {
      await this.#options.send(notification);
      this.#store.markSent(event.eventId);
    }
    await this.#options.beforeCommit?.(notification);
  }

  async stop(): Promise<void> {
    await this.#consumer.disconnect();
    this.#store.close();
  }
}

export async function startNotifier(kafka: Kafka, options: NotifierOptions): Promise<RunningNotifier> {
  const notifier = new BatchNotifier(kafka, options);
  try {
    await notifier.start();
  } catch (e) {
    await notifier.stop().catch(() => {});
    throw e;
  }
  return notifier;
}
