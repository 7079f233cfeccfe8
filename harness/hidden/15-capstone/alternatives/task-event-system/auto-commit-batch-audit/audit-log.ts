// Alternative: the audit log consumes with eachBatch, appends each record in partition order, and
// resolves, commits and heartbeats after each append (nothing is committed before it was logged).
import type { Kafka } from "kafkajs";
import type { AuditRecord } from "@exercise/15-capstone/events.js";

export interface AuditLogOptions {
  readonly topic: string;
  readonly groupId: string;
  readonly append: (record: AuditRecord) => Promise<void>;
  readonly sessionTimeout?: number;
}

export interface RunningAuditLog {
  stop(): Promise<void>;
}

function eventIdOf(value: string): string | null {
  if (!value.trimStart().startsWith("{")) return null;
  try {
    const id: unknown = (JSON.parse(value) as Record<string, unknown>).eventId;
    return typeof id === "string" ? id : null;
  } catch {
    return null;
  }
}

export async function startAuditLog(kafka: Kafka, options: AuditLogOptions): Promise<RunningAuditLog> {
  const consumer = kafka.consumer({
    groupId: options.groupId,
    maxWaitTimeInMs: 200,
    ...(options.sessionTimeout !== undefined && { sessionTimeout: options.sessionTimeout }),
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [options.topic], fromBeginning: true });
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale }) => {
      for (const m of batch.messages) {
        if (!isRunning() || isStale()) return;
        const value = m.value === null ? "" : m.value.toString();
        await options.append({
          partition: batch.partition,
          offset: m.offset,
          taskId: m.key === null ? null : m.key.toString(),
          eventId: eventIdOf(value),
          value,
        });
        resolveOffset(m.offset);
        await commitOffsetsIfNecessary();
        await heartbeat();
      }
    },
  });
  return { stop: () => consumer.disconnect() };
}
