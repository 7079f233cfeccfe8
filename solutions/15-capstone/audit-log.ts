import type { Kafka } from "kafkajs";
import type { AuditRecord } from "./events.js";

export interface AuditLogOptions {
  readonly topic: string;
  /** Its own group: the audit log reads every event, whatever the notification service does. */
  readonly groupId: string;
  /** Appends one record to the log (a file, a table without UPDATE); it may be slow. */
  readonly append: (record: AuditRecord) => Promise<void>;
  readonly sessionTimeout?: number;
}

export interface RunningAuditLog {
  stop(): Promise<void>;
}

/**
 * The audit log (R7): every record of the topic appended in partition order, including the ones
 * nobody can parse (the log records what happened, not what was valid). kafkajs's auto-commit is
 * safe here because `eachMessage` awaits the append: only offsets whose handler returned are committed.
 */
export async function startAuditLog(kafka: Kafka, options: AuditLogOptions): Promise<RunningAuditLog> {
  const consumer = kafka.consumer({
    groupId: options.groupId,
    maxWaitTimeInMs: 200,
    ...(options.sessionTimeout !== undefined && { sessionTimeout: options.sessionTimeout }),
  });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const value = message.value?.toString() ?? "";
      await options.append({
        partition,
        offset: message.offset,
        taskId: message.key?.toString() ?? null,
        eventId: eventIdOf(value),
        value,
      });
    },
  });
  return { stop: () => consumer.disconnect() };
}

function eventIdOf(value: string): string | null {
  try {
    const v = JSON.parse(value) as { eventId?: unknown } | null;
    return typeof v?.eventId === "string" ? v.eventId : null;
  } catch {
    return null;
  }
}
