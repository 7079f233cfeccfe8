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

/**
 * Alternative: every statement of a change goes through `withClient` and explicit SQL; the
 * outbox row carries a NOTIFY (delivered only on commit), which wakes a relay that LISTENs on
 * a connection of its own and otherwise polls.
 */
async function withClient<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    return await fn(c);
  } finally {
    c.release();
  }
}

function transactionally<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  return withClient(pool, async (c) => {
    await c.query("BEGIN");
    try {
      const out = await fn(c);
      await c.query("COMMIT");
      return out;
    } catch (e) {
      await c.query("ROLLBACK");
      throw e;
    }
  });
}

async function emit(c: pg.PoolClient, aggregateId: string, type: string, payload: object): Promise<string> {
  const eventId = randomUUID();
  await c.query("INSERT INTO outbox (event_id, aggregate_id, type, payload) VALUES ($1, $2, $3, $4::jsonb)", [
    eventId,
    aggregateId,
    type,
    JSON.stringify(payload),
  ]);
  await c.query("SELECT pg_notify('outbox', $1)", [eventId]);
  return eventId;
}

export function createTaskService(options: OutboxOptions): TaskService {
  return {
    async createTask(task) {
      return transactionally(options.pool, async (c) => {
        await c.query("INSERT INTO tasks VALUES ($1, $2, $3, 'open')", [task.taskId, task.title, task.assignee]);
        return emit(c, task.taskId, "task.created", task);
      });
    },
    async completeTask(taskId) {
      return transactionally(options.pool, async (c) => {
        const open = await c.query("SELECT 1 FROM tasks WHERE task_id = $1 AND status = 'open' FOR UPDATE", [taskId]);
        if (open.rowCount === 0) throw new Error(`task ${taskId} does not exist or is not open`);
        await c.query("UPDATE tasks SET status = 'done' WHERE task_id = $1", [taskId]);
        return emit(c, taskId, "task.completed", { taskId });
      });
    },
  };
}

type Row = { id: string; event_id: string; aggregate_id: string; type: string; payload: Record<string, unknown> };

async function publishOldest(options: OutboxOptions): Promise<boolean> {
  return transactionally(options.pool, async (c) => {
    const { rows } = await c.query<Row>(
      "SELECT * FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED",
      [options.batchSize ?? 100],
    );
    if (rows.length === 0) return false;
    const messages = rows.map((r) => ({
      key: r.aggregate_id,
      value: JSON.stringify({ eventId: r.event_id, type: r.type, ...r.payload }),
      headers: { "event-id": r.event_id, "event-type": r.type },
    }));
    await options.publish(messages);
    await options.afterPublish?.(rows.map((r) => r.event_id));
    await c.query("UPDATE outbox SET sent_at = clock_timestamp() WHERE id = ANY($1::bigint[])", [
      rows.map((r) => r.id),
    ]);
    return true;
  });
}

export function startOutboxRelay(options: OutboxOptions): RunningRelay {
  let stopped = false;
  let kick: () => void = () => {};
  let listener: pg.PoolClient | undefined;
  const onNotify = () => kick();
  const run = (async () => {
    listener = await options.pool.connect().catch(() => undefined);
    await listener?.query("LISTEN outbox").catch(() => {});
    listener?.on("notification", onNotify);
    while (!stopped) {
      const more = await publishOldest(options).catch(() => false);
      if (!more && !stopped) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, options.pollMs ?? 250);
          kick = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      kick();
      await run;
      listener?.off("notification", onNotify);
      await listener?.query("UNLISTEN outbox").catch(() => {});
      listener?.release();
    },
  };
}
