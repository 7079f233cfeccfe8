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
 * Alternative: the service owns the publication (inserts only, so no replica identity is needed
 * and the table has no key: REPLICA IDENTITY FULL documents the choice anyway), the router's
 * defaults kept where the names agree and the rest mapped, and a consumer object whose dedupe
 * lives in a table keyed by event id, checked with SELECT ... FOR UPDATE inside the transaction.
 */
const PUBLICATION = "task_outbox_inserts";

export async function migrate(pool: pg.Pool): Promise<void> {
  await pool.query(`
    CREATE TABLE IF NOT EXISTS outbox (
      event_id uuid NOT NULL,
      aggregate_type text NOT NULL,
      aggregate_id text NOT NULL,
      type text NOT NULL,
      payload jsonb NOT NULL
    );
    ALTER TABLE outbox REPLICA IDENTITY FULL;
  `);
  const exists = await pool.query("SELECT 1 FROM pg_publication WHERE pubname = $1", [PUBLICATION]);
  if (exists.rowCount === 0) {
    await pool.query(`CREATE PUBLICATION ${PUBLICATION} FOR TABLE outbox WITH (publish = 'insert')`);
  }
}

export function outboxConnectorConfig(s: ConnectorSettings): Record<string, string> {
  const settings = new Map<string, string>([
    ["connector.class", "io.debezium.connector.postgresql.PostgresConnector"],
    ["plugin.name", "pgoutput"],
    ["database.hostname", s.database.host],
    ["database.port", String(s.database.port)],
    ["database.user", s.database.user],
    ["database.password", s.database.password],
    ["database.dbname", s.database.database],
    ["topic.prefix", s.topicPrefix],
    ["slot.name", s.slotName],
    ["publication.name", PUBLICATION],
    ["publication.autocreate.mode", "disabled"],
    ["table.include.list", "public.outbox"],
    ["snapshot.mode", "no_data"],
    ["key.converter", "org.apache.kafka.connect.storage.StringConverter"],
    ["value.converter", "org.apache.kafka.connect.storage.StringConverter"],
    ["transforms", "outbox"],
    ["transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter"],
    ["transforms.outbox.table.field.event.id", "event_id"],
    ["transforms.outbox.table.field.event.key", "aggregate_id"],
    ["transforms.outbox.route.by.field", "aggregate_type"],
    ["transforms.outbox.table.fields.additional.placement", "type:header:eventType"],
  ]);
  return Object.fromEntries(settings);
}

export async function registerOutboxConnector(s: ConnectorSettings): Promise<void> {
  const url = new URL(`/connectors/${encodeURIComponent(s.name)}/config`, s.connectUrl);
  const res = await fetch(url, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(outboxConnectorConfig(s)),
  });
  if (res.status !== 200 && res.status !== 201) throw new Error(`PUT ${url}: ${res.status} ${await res.text()}`);
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    const status = await fetch(new URL(`/connectors/${encodeURIComponent(s.name)}/status`, s.connectUrl)).then((r) =>
      r.ok
        ? (r.json() as Promise<{ connector: { state: string }; tasks: { state: string; trace?: string }[] }>)
        : undefined,
    );
    const task = status?.tasks[0];
    if (task?.state === "FAILED") throw new Error(task.trace ?? "task failed");
    if (status?.connector.state === "RUNNING" && task?.state === "RUNNING") return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`connector ${s.name} did not start within 60 s`);
}

export function toOutboxEvent(message: KafkaMessage): OutboxEvent {
  const { id, eventType } = message.headers ?? {};
  if (id === undefined || eventType === undefined) throw new Error("not an outbox record: no id/eventType header");
  return {
    eventId: String(id),
    type: String(eventType),
    aggregateId: String(message.key),
    payload: JSON.parse(String(message.value)) as Record<string, unknown>,
  };
}

class DedupingConsumer implements RunningConsumer {
  private readonly consumer;

  constructor(private readonly options: ConsumerOptions) {
    this.consumer = options.kafka.consumer({ groupId: options.groupId });
  }

  async start(): Promise<this> {
    await this.options.pool.query(`CREATE TABLE IF NOT EXISTS inbox (
      event_id text PRIMARY KEY, type text NOT NULL, received_at timestamptz DEFAULT now()
    )`);
    await this.consumer.connect();
    for (const topic of this.options.topics) await this.consumer.subscribe({ topic, fromBeginning: true });
    await this.consumer.run({ eachMessage: async ({ message }) => this.handle(toOutboxEvent(message)) });
    return this;
  }

  private async handle(event: OutboxEvent): Promise<void> {
    const db = await this.options.pool.connect();
    try {
      await db.query("BEGIN");
      const seen = await db.query("SELECT 1 FROM inbox WHERE event_id = $1 FOR UPDATE", [event.eventId]);
      if (seen.rowCount === 0) {
        await db.query("INSERT INTO inbox (event_id, type) VALUES ($1, $2)", [event.eventId, event.type]);
        await this.options.apply(event);
      }
      await db.query("COMMIT");
    } catch (e) {
      await db.query("ROLLBACK");
      throw e;
    } finally {
      db.release();
    }
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

export function startEventConsumer(options: ConsumerOptions): Promise<RunningConsumer> {
  return new DedupingConsumer(options).start();
}
