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
  throw new Error(`TODO: open the SQLite dedupe store at ${dbPath} (lesson 8, section 'Idempotent consumers')`);
}

/** The notification for a task event (given). */
export function notificationFor(event: TaskEvent): Notification {
  const what = event.type === "task.created" ? "New task" : "Task done";
  return { eventId: event.eventId, to: event.assignee, text: `${what}: ${event.title}` };
}

/**
 * Consumes task events at least once and sends each notification once: an event whose id is in
 * the store is not sent again, whichever offset it arrives at and however often.
 */
export async function startNotifier(kafka: Kafka, options: NotifierOptions): Promise<RunningNotifier> {
  // Suggested: openSentStore(options.dbPath); a consumer with autoCommit: false; per event skip,
  // or send then markSent; then options.beforeCommit?.(notification) and commit offset + 1.
  void kafka;
  void options;
  throw new Error("TODO: the idempotent notifier (lesson 8, section 'Exercise: a notifier that sends once')");
}
