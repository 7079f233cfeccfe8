import type { Kafka, KafkaMessage } from "kafkajs";
import type pg from "pg";

/** Where Debezium connects to PostgreSQL (given by the checks). */
export interface DatabaseSettings {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

export interface ConnectorSettings {
  /** Kafka Connect's REST API, e.g. http://127.0.0.1:8083 */
  readonly connectUrl: string;
  /** The connector's name on the worker. */
  readonly name: string;
  readonly database: DatabaseSettings;
  /** The replication slot Debezium creates and reads (slot names are unique per server). */
  readonly slotName: string;
  /** Debezium's topic.prefix: names its own topics; the outbox's events go to the routed topics. */
  readonly topicPrefix: string;
}

/** One event as the downstream consumer sees it. */
export interface OutboxEvent {
  readonly eventId: string;
  readonly aggregateId: string;
  readonly type: string;
  readonly payload: Record<string, unknown>;
}

export interface ConsumerOptions {
  readonly kafka: Kafka;
  /** The routed topics, outbox.event.<aggregate type>. */
  readonly topics: readonly string[];
  readonly groupId: string;
  /** The consumer's own database: its record of processed events lives here. */
  readonly pool: pg.Pool;
  /** Applies one event (the checks count the calls). */
  readonly apply: (event: OutboxEvent) => Promise<void>;
}

export interface RunningConsumer {
  stop(): Promise<void>;
}

/**
 * The outbox table the service writes and Debezium reads. A row is deleted in the same
 * transaction that inserted it (the insert stays in the WAL): the primary key is its replica
 * identity, without which PostgreSQL refuses that DELETE once the table is in a publication.
 */
export async function migrate(pool: pg.Pool): Promise<void> {
  await pool.query(`
    CREATE TABLE IF NOT EXISTS outbox (
      event_id       uuid PRIMARY KEY,
      aggregate_type text NOT NULL,
      aggregate_id   text NOT NULL,
      type           text NOT NULL,
      payload        jsonb NOT NULL
    );
  `);
}

/** Debezium's PostgreSQL connector with the outbox event router, mapped onto this table's columns. */
export function outboxConnectorConfig(s: ConnectorSettings): Record<string, string> {
  return {
    "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
    "tasks.max": "1",
    "plugin.name": "pgoutput",
    "database.hostname": s.database.host,
    "database.port": String(s.database.port),
    "database.user": s.database.user,
    "database.password": s.database.password,
    "database.dbname": s.database.database,
    "topic.prefix": s.topicPrefix,
    "slot.name": s.slotName,
    // A publication for the outbox table only (the default, all_tables, needs a superuser).
    "publication.autocreate.mode": "filtered",
    "table.include.list": "public.outbox",
    // Rows are deleted as soon as they are written: there is nothing to snapshot.
    "snapshot.mode": "no_data",
    "tombstones.on.delete": "false",
    // The aggregate id as a plain string key, the payload as the JSON text it was written as.
    "key.converter": "org.apache.kafka.connect.storage.StringConverter",
    "value.converter": "org.apache.kafka.connect.storage.StringConverter",
    transforms: "outbox",
    "transforms.outbox.type": "io.debezium.transforms.outbox.EventRouter",
    "transforms.outbox.table.field.event.id": "event_id",
    "transforms.outbox.table.field.event.key": "aggregate_id",
    "transforms.outbox.table.field.event.payload": "payload",
    "transforms.outbox.route.by.field": "aggregate_type",
    "transforms.outbox.table.fields.additional.placement": "type:header:eventType",
  };
}

interface ConnectorStatus {
  readonly connector: { readonly state: string; readonly trace?: string };
  readonly tasks: readonly { readonly id: number; readonly state: string; readonly trace?: string }[];
}

/**
 * Creates or updates the connector through Connect's REST API (PUT is idempotent) and waits until
 * the connector and its task run: only then is the slot there to catch the next commit.
 */
export async function registerOutboxConnector(s: ConnectorSettings): Promise<void> {
  const base = `${s.connectUrl}/connectors/${encodeURIComponent(s.name)}`;
  const put = await fetch(`${base}/config`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(outboxConnectorConfig(s)),
  });
  if (!put.ok) throw new Error(`Connect refused the connector: HTTP ${put.status} ${await put.text()}`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(`${base}/status`);
    if (res.ok) {
      const status = (await res.json()) as ConnectorStatus;
      const failed = [status.connector, ...status.tasks].find((t) => t.state === "FAILED");
      if (failed) throw new Error(`connector ${s.name} failed: ${failed.trace ?? "no trace"}`);
      if (status.connector.state === "RUNNING" && status.tasks.length > 0) {
        if (status.tasks.every((t) => t.state === "RUNNING")) return;
      }
    }
    if (Date.now() > deadline) throw new Error(`connector ${s.name} is not running after 60 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** An outbox record: the router put the event id in header `id`, the type in `eventType`, the key is the aggregate. */
export function toOutboxEvent(message: KafkaMessage): OutboxEvent {
  const header = (name: string) => message.headers?.[name]?.toString() ?? "";
  return {
    eventId: header("id"),
    aggregateId: message.key?.toString() ?? "",
    type: header("eventType"),
    payload: JSON.parse(message.value?.toString() ?? "{}") as Record<string, unknown>,
  };
}

/**
 * Applies every event once although Debezium delivers at least once: the event id is recorded in
 * the consumer's database in the same transaction as the apply, so a repeat after a connector
 * restart (or after this consumer restarts) finds it and is skipped.
 */
export async function startEventConsumer(options: ConsumerOptions): Promise<RunningConsumer> {
  await options.pool.query(
    "CREATE TABLE IF NOT EXISTS processed_events (event_id uuid PRIMARY KEY, processed_at timestamptz NOT NULL DEFAULT now())",
  );
  const consumer = options.kafka.consumer({ groupId: options.groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...options.topics], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const event = toOutboxEvent(message);
        const client = await options.pool.connect();
        try {
          await client.query("BEGIN");
          const fresh = await client.query(
            "INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING",
            [event.eventId],
          );
          if (fresh.rowCount === 1) await options.apply(event);
          await client.query("COMMIT");
        } catch (e) {
          await client.query("ROLLBACK").catch(() => {});
          throw e;
        } finally {
          client.release();
        }
      },
    });
  } catch (e) {
    await consumer.disconnect().catch(() => {});
    throw e;
  }
  return { stop: () => consumer.disconnect() };
}
