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
 * nobody can parse (eventId null, raw value kept); offsets committed only after the append.
 */
export async function startAuditLog(kafka: Kafka, options: AuditLogOptions): Promise<RunningAuditLog> {
  void kafka;
  void options;
  throw new Error("TODO: the audit log consumer (lesson 15, section 'The spec', R7)");
}
