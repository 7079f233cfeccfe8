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

export function createTaskService(options: OutboxOptions): TaskService {
  void options;
  return {
    createTask: () => {
      throw new Error(
        "TODO: the task row and its outbox row in one transaction (lesson 10, section 'The transactional outbox')",
      );
    },
    completeTask: () => {
      throw new Error(
        "TODO: update the task and add its outbox row in one transaction (lesson 10, section 'The transactional outbox')",
      );
    },
  };
}

/**
 * Polls the outbox and publishes unsent rows in the order they were written, keyed by task id,
 * marking each batch sent after Kafka acknowledged it. At least once: a failure before the mark
 * publishes the batch again, with the same event ids.
 */
export function startOutboxRelay(options: OutboxOptions): RunningRelay {
  void options;
  throw new Error("TODO: the polling relay (lesson 10, section 'The relay: publish, then mark')");
}
