/** The contract every part of the capstone shares (spec requirement R1). */

/** The channels the notification service sends on, each with its own rate limit. */
export type Channel = "email" | "sms";

export type TaskEventType = "task.created" | "task.updated" | "task.completed";

/** What the task API publishes to the task-events topic: one record per accepted request. */
export interface TaskEvent {
  /** Made by the API (a UUID); the notification service deduplicates by it. */
  readonly eventId: string;
  readonly type: TaskEventType;
  readonly occurredAt: string;
  /** The record key: every event of one task lands in one partition, in order. */
  readonly taskId: string;
  readonly channel: Channel;
  readonly message: string;
}

/** What the notification service hands to the sender (e-mail or SMS provider). */
export interface Notification {
  readonly eventId: string;
  readonly taskId: string;
  readonly channel: Channel;
  readonly message: string;
}

/** One line of the audit log: every record read from task-events, in partition order. */
export interface AuditRecord {
  readonly partition: number;
  readonly offset: string;
  /** The record key (the task id), or null when the record had none. */
  readonly taskId: string | null;
  /** The event id when the value parsed as a task event, else null (the raw value is kept). */
  readonly eventId: string | null;
  readonly value: string;
}

/** Headers on every dead-letter record: where it came from and why it was set aside. */
export const DLT_HEADERS = {
  topic: "dlt.original.topic",
  partition: "dlt.original.partition",
  offset: "dlt.original.offset",
  error: "dlt.error.message",
} as const;

export const CHANNELS: readonly Channel[] = ["email", "sms"];
export const EVENT_TYPES: readonly TaskEventType[] = ["task.created", "task.updated", "task.completed"];
