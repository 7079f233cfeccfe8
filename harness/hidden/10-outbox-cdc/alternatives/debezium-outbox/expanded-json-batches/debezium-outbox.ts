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
 * Alternative: a bigserial key with the event id unique beside it; the payload expanded into
 * JSON by the router (table.expand.json.payload) and written by a schemaless JsonConverter; the
 * connector created with POST /connectors (409 when it exists: then PUT its config); a consumer
 * that handles whole batches and records the batch's event ids in one statement.
 */
export async function migrate(pool: pg.Pool): Promise<void> {
  await pool.query(`CREATE TABLE IF NOT EXISTS outbox (
    id bigserial PRIMARY KEY,
    event_id uuid NOT NULL UNIQUE,
    aggregate_type text NOT NULL,
    aggregate_id text NOT NULL,
    type text NOT NULL,
    payload jsonb NOT NULL
  )`);
}

const ROUTER = "transforms.router";

export function outboxConnectorConfig(s: ConnectorSettings): Record<string, string> {
  const db = s.database;
  return {
    "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
    "plugin.name": "pgoutput",
    "database.hostname": db.host,
    "database.port": `${db.port}`,
    "database.user": db.user,
    "database.password": db.password,
    "database.dbname": db.database,
    "topic.prefix": s.topicPrefix,
    "slot.name": s.slotName,
    "publication.name": `${s.slotName}_publication`,
    "publication.autocreate.mode": "filtered",
    "table.include.list": "public\\.outbox",
    "snapshot.mode": "no_data",
    "key.converter": "org.apache.kafka.connect.storage.StringConverter",
    "value.converter": "org.apache.kafka.connect.json.JsonConverter",
    "value.converter.schemas.enable": "false",
    transforms: "router",
    [`${ROUTER}.type`]: "io.debezium.transforms.outbox.EventRouter",
    [`${ROUTER}.table.field.event.id`]: "event_id",
    [`${ROUTER}.table.field.event.key`]: "aggregate_id",
    [`${ROUTER}.table.field.event.payload`]: "payload",
    [`${ROUTER}.table.expand.json.payload`]: "true",
    [`${ROUTER}.route.by.field`]: "aggregate_type",
    [`${ROUTER}.route.topic.replacement`]: "outbox.event.$" + "{routedByValue}",
    [`${ROUTER}.table.fields.additional.placement`]: "type:header:eventType,aggregate_type:header:aggregateType",
  };
}

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function registerOutboxConnector(s: ConnectorSettings): Promise<void> {
  const config = outboxConnectorConfig(s);
  const created = await fetch(`${s.connectUrl}/connectors`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ name: s.name, config }),
  });
  if (created.status === 409) {
    await json(
      await fetch(`${s.connectUrl}/connectors/${s.name}/config`, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(config),
      }),
    );
  } else {
    await json(created);
  }
  type State = { state: string; trace?: string };
  for (let attempt = 0; attempt < 300; attempt++) {
    const res = await fetch(`${s.connectUrl}/connectors/${s.name}/status`);
    if (res.status !== 404) {
      const { connector, tasks } = await json<{ connector: State; tasks: State[] }>(res);
      const broken = [connector, ...tasks].filter((t) => t.state === "FAILED");
      if (broken.length) throw new Error(broken.map((b) => b.trace).join("\n"));
      if (connector.state === "RUNNING" && tasks.length && tasks.every((t) => t.state === "RUNNING")) return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${s.name} did not reach RUNNING`);
}

export function toOutboxEvent(message: KafkaMessage): OutboxEvent {
  const headers = message.headers ?? {};
  const text = (v: unknown) => (Buffer.isBuffer(v) ? v.toString("utf8") : String(v ?? ""));
  const payload: unknown = JSON.parse(text(message.value));
  return {
    eventId: text(headers["id"]),
    aggregateId: text(message.key),
    type: text(headers["eventType"]),
    payload: payload as Record<string, unknown>,
  };
}

export async function startEventConsumer(options: ConsumerOptions): Promise<RunningConsumer> {
  const { pool } = options;
  await pool.query("CREATE TABLE IF NOT EXISTS consumed (event_id text PRIMARY KEY)");
  const consumer = options.kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topics: [...options.topics], fromBeginning: true });
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      const events = batch.messages.map(toOutboxEvent);
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        // Ids this batch is the first to see; duplicates inside the batch collapse too.
        const { rows } = await client.query<{ event_id: string }>(
          "INSERT INTO consumed (event_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING event_id",
          [events.map((e) => e.eventId)],
        );
        const fresh = new Set(rows.map((r) => r.event_id));
        for (const e of events) {
          if (fresh.delete(e.eventId)) await options.apply(e);
        }
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw err;
      } finally {
        client.release();
      }
      const last = batch.messages.at(-1);
      if (last) resolveOffset(last.offset);
      await heartbeat();
    },
  });
  return {
    stop: async () => {
      await consumer.stop();
      await consumer.disconnect();
    },
  };
}
