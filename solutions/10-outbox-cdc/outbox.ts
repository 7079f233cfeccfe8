import { randomUUID } from "node:crypto";
import type { Message } from "kafkajs";
import type pg from "pg";

/** Sends records to the task-events topic (given: a kafkajs producer with acks=all behind it). */
export type Publish = (messages: Message[]) => Promise<void>;

export interface NewTask {
  readonly taskId: string;
  readonly title: string;
  readonly assignee: string;
}

export interface OutboxOptions {
  readonly pool: pg.Pool;
  readonly publish: Publish;
  /** How long the relay waits when the outbox is empty. */
  readonly pollMs?: number;
  readonly batchSize?: number;
  /** Called after a batch was published and before it is marked sent (the checks crash you here). */
  readonly afterPublish?: (eventIds: readonly string[]) => Promise<void>;
}

export interface TaskService {
  /** Creates the task and its task.created event; returns the event id. */
  createTask(task: NewTask): Promise<string>;
  /** Marks an open task done and records task.completed; throws when the task is not open. */
  completeTask(taskId: string): Promise<string>;
}

export interface RunningRelay {
  /** Finishes the batch in progress and stops. */
  stop(): Promise<void>;
}

/** The tables (given). */
export async function migrate(pool: pg.Pool): Promise<void> {
  await pool.query(`
    CREATE TABLE IF NOT EXISTS tasks (
      task_id  text PRIMARY KEY,
      title    text NOT NULL CHECK (title <> ''),
      assignee text NOT NULL,
      status   text NOT NULL
    );
    CREATE TABLE IF NOT EXISTS outbox (
      id           bigserial PRIMARY KEY,
      event_id     uuid NOT NULL UNIQUE,
      aggregate_id text NOT NULL,
      type         text NOT NULL,
      payload      jsonb NOT NULL,
      created_at   timestamptz NOT NULL DEFAULT now(),
      sent_at      timestamptz
    );
    CREATE INDEX IF NOT EXISTS outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
  `);
}

/** Runs `fn` in one database transaction on one connection: all of it commits, or none of it. */
async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

async function addToOutbox(client: pg.PoolClient, taskId: string, type: string, payload: object): Promise<string> {
  const eventId = randomUUID();
  await client.query("INSERT INTO outbox (event_id, aggregate_id, type, payload) VALUES ($1, $2, $3, $4)", [
    eventId,
    taskId,
    type,
    JSON.stringify(payload),
  ]);
  return eventId;
}

export function createTaskService(options: OutboxOptions): TaskService {
  const { pool } = options;
  return {
    createTask: (task) =>
      inTransaction(pool, async (client) => {
        await client.query("INSERT INTO tasks (task_id, title, assignee, status) VALUES ($1, $2, $3, 'open')", [
          task.taskId,
          task.title,
          task.assignee,
        ]);
        return addToOutbox(client, task.taskId, "task.created", { ...task });
      }),
    completeTask: (taskId) =>
      inTransaction(pool, async (client) => {
        const eventId = await addToOutbox(client, taskId, "task.completed", { taskId });
        const done = await client.query("UPDATE tasks SET status = 'done' WHERE task_id = $1 AND status = 'open'", [
          taskId,
        ]);
        if (done.rowCount !== 1) throw new Error(`task ${taskId} is not open`);
        return eventId;
      }),
  };
}

interface OutboxRow {
  readonly id: string;
  readonly event_id: string;
  readonly aggregate_id: string;
  readonly type: string;
  readonly payload: Record<string, unknown>;
}

/** Publishes one batch of unsent rows, oldest first, and marks them sent; returns how many. */
async function relayBatch(options: OutboxOptions): Promise<number> {
  return inTransaction(options.pool, async (client) => {
    // The row locks keep a second relay off these rows until this transaction ends.
    const { rows } = await client.query<OutboxRow>(
      `SELECT id, event_id, aggregate_id, type, payload FROM outbox
        WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [options.batchSize ?? 100],
    );
    if (rows.length === 0) return 0;
    await options.publish(
      rows.map((r) => ({
        key: r.aggregate_id,
        value: JSON.stringify({ eventId: r.event_id, type: r.type, ...r.payload }),
        headers: { "event-id": r.event_id, "event-type": r.type },
      })),
    );
    await options.afterPublish?.(rows.map((r) => r.event_id));
    // Marked only after Kafka acknowledged: a crash in between publishes again, never loses.
    await client.query("UPDATE outbox SET sent_at = now() WHERE id = ANY($1::bigint[])", [rows.map((r) => r.id)]);
    return rows.length;
  });
}

/**
 * Polls the outbox and publishes unsent rows in the order they were written, keyed by task id,
 * marking each batch sent after Kafka acknowledged it. At least once: a failure before the mark
 * publishes the batch again, with the same event ids.
 */
export function startOutboxRelay(options: OutboxOptions): RunningRelay {
  let stopping = false;
  let wake = () => {};
  const loop = (async () => {
    while (!stopping) {
      let published = 0;
      try {
        published = await relayBatch(options);
      } catch {
        // Kafka or the database failed: the rows stay unsent and are tried again after a pause.
      }
      if (published === 0 && !stopping) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.pollMs ?? 200);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  })();
  return {
    stop: async () => {
      stopping = true;
      wake();
      await loop;
    },
  };
}
