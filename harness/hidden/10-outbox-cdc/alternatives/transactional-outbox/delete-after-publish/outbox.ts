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
 * Alternative: a class holds the pool; each change is one transaction on one client. The relay
 * deletes what it published instead of marking it (no sent_at needed, nothing to clean up).
 */
class PgTaskService implements TaskService {
  constructor(private readonly pool: pg.Pool) {}

  private async change<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let ok = false;
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      ok = true;
      return result;
    } finally {
      if (!ok) await client.query("ROLLBACK").catch(() => {});
      client.release();
    }
  }

  private static async record(client: pg.PoolClient, taskId: string, type: string, payload: object): Promise<string> {
    const { rows } = await client.query<{ event_id: string }>(
      `INSERT INTO outbox (event_id, aggregate_id, type, payload)
       VALUES (gen_random_uuid(), $1, $2, $3) RETURNING event_id`,
      [taskId, type, JSON.stringify(payload)],
    );
    return rows[0]!.event_id;
  }

  createTask(task: NewTask): Promise<string> {
    return this.change(async (client) => {
      await client.query("INSERT INTO tasks (task_id, title, assignee, status) VALUES ($1, $2, $3, 'open')", [
        task.taskId,
        task.title,
        task.assignee,
      ]);
      return PgTaskService.record(client, task.taskId, "task.created", { ...task });
    });
  }

  completeTask(taskId: string): Promise<string> {
    return this.change(async (client) => {
      const { rowCount } = await client.query(
        "UPDATE tasks SET status = 'done' WHERE task_id = $1 AND status = 'open'",
        [taskId],
      );
      if (rowCount !== 1) throw new Error(`task ${taskId} is not open`);
      return PgTaskService.record(client, taskId, "task.completed", { taskId });
    });
  }
}

export function createTaskService(options: OutboxOptions): TaskService {
  return new PgTaskService(options.pool);
}

class Relay implements RunningRelay {
  private running = true;
  private readonly done: Promise<void>;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: OutboxOptions) {
    this.done = this.loop();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const n = await this.batch().catch(() => 0);
      if (n === 0 && this.running) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.timer = setTimeout(resolve, this.options.pollMs ?? 200);
        });
      }
    }
  }

  /** One batch: lock the oldest rows, publish them, then delete them, all in one transaction. */
  private async batch(): Promise<number> {
    const client = await this.options.pool.connect();
    try {
      await client.query("BEGIN");
      const { rows } = await client.query<{
        id: string;
        event_id: string;
        aggregate_id: string;
        type: string;
        payload: object;
      }>(
        `SELECT id, event_id, aggregate_id, type, payload FROM outbox
          WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize ?? 50],
      );
      if (rows.length > 0) {
        await this.options.publish(
          rows.map((r) => ({
            key: r.aggregate_id,
            value: JSON.stringify({ ...r.payload, eventId: r.event_id, type: r.type }),
            headers: { "event-id": r.event_id },
          })),
        );
        await this.options.afterPublish?.(rows.map((r) => r.event_id));
        await client.query("DELETE FROM outbox WHERE id = ANY($1::bigint[])", [rows.map((r) => r.id)]);
      }
      await client.query("COMMIT");
      return rows.length;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.wake?.();
    await this.done;
  }
}

export function startOutboxRelay(options: OutboxOptions): RunningRelay {
  return new Relay(options);
}
