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
 * The outbox table: event_id uuid, aggregate_type text, aggregate_id text, type text,
 * payload jsonb, all NOT NULL. Rows are deleted in the transaction that inserts them, so
 * the table needs a replica identity.
 */
export async function migrate(pool: pg.Pool): Promise<void> {
  void pool;
  throw new Error("TODO: create the outbox table (lesson 10, section 'The outbox table under CDC')");
}

/** Debezium's PostgreSQL connector with the outbox event router, mapped onto this table's columns. */
export function outboxConnectorConfig(s: ConnectorSettings): Record<string, string> {
  void s;
  throw new Error("TODO: the connector configuration (lesson 10, section 'The outbox event router')");
}

/**
 * Creates or updates the connector through Connect's REST API and waits until the connector and
 * its task run.
 */
export async function registerOutboxConnector(s: ConnectorSettings): Promise<void> {
  void s;
  throw new Error("TODO: PUT /connectors/<name>/config, then wait for RUNNING (lesson 10, section 'Kafka Connect')");
}

/** An outbox record as an event: event id, aggregate id, type and payload. */
export function toOutboxEvent(message: KafkaMessage): OutboxEvent {
  void message;
  throw new Error("TODO: read the record the router made (lesson 10, section 'The outbox event router')");
}

/** Applies every event once although Debezium delivers at least once. */
export async function startEventConsumer(options: ConsumerOptions): Promise<RunningConsumer> {
  void options;
  throw new Error("TODO: consume and dedupe by event id (lesson 10, section 'At least once, again')");
}
