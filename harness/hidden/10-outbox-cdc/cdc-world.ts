import { randomUUID } from "node:crypto";
import pg from "pg";
import type { TestContext } from "vitest";
import { migrate, type ConnectorSettings } from "@exercise/10-outbox-cdc/debezium-outbox.js";
import { freshDatabase } from "../../postgres/database.js";
import { createTopic, testKafka, withAdmin } from "../../testkit/kafka.js";
import { teach } from "../../testkit/teach.js";

export const TABLE = "lesson 10, section “The outbox table under CDC”";
export const ROUTER = "lesson 10, section “The outbox event router”";
export const AT_LEAST_ONCE = "lesson 10, section “At least once, again”";
export const SLOT = "lesson 10, section “Replication slots and disk”";

/** One event the check writes to the outbox. */
export interface Written {
  readonly eventId: string;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly type: string;
  readonly payload: Record<string, unknown>;
}

/** One check's pipeline: its own database, slot, connector name and routed topics. */
export interface CdcWorld {
  readonly pool: pg.Pool;
  readonly settings: ConnectorSettings;
  /** Aggregate types unique to this test; each routes to outbox.event.<type>. */
  readonly types: { readonly task: string; readonly run: string };
  readonly topics: readonly string[];
  readonly suffix: string;
}

/**
 * A fresh database migrated by the learner's code, the routed topics created with 3 partitions
 * (so a wrong key scatters an aggregate), and cleanup: the connector deleted from `connectUrl` and
 * the slot dropped (an abandoned slot keeps WAL on the server forever).
 */
export async function cdcWorld(
  ctx: TestContext,
  serverUrl: string,
  connectUrl: string,
  name: string,
): Promise<CdcWorld> {
  const suffix = randomUUID().slice(0, 8);
  const dbUrl = new URL(await freshDatabase(serverUrl, `cdc_${name}`));
  const pool = new pg.Pool({ connectionString: dbUrl.toString(), max: 4 });
  const types = { task: `task-${suffix}`, run: `run-${suffix}` };
  const topics = [types.task, types.run].map((t) => `outbox.event.${t}`);
  const settings: ConnectorSettings = {
    connectUrl,
    name: `outbox-${name}-${suffix}`,
    slotName: `outbox_${name}_${suffix}`.replaceAll("-", "_"),
    topicPrefix: `course-${suffix}`,
    database: {
      host: dbUrl.hostname,
      port: Number(dbUrl.port || 5432),
      user: decodeURIComponent(dbUrl.username),
      password: decodeURIComponent(dbUrl.password),
      database: dbUrl.pathname.slice(1),
    },
  };
  ctx.onTestFinished(async () => {
    await fetch(`${settings.connectUrl}/connectors/${settings.name}`, { method: "DELETE" }).catch(() => {});
    await dropSlot(pool, settings.slotName).catch(() => {});
    await pool.end().catch(() => {});
  });
  await Promise.all(topics.map((t) => createTopic(testKafka(), t, 3)));
  await migrate(pool);
  return { pool, settings, types, topics, suffix };
}

/**
 * Drops the slot once no connector streams from it: a deleted connector's task needs a moment to
 * stop; one that does not (its worker still running) has its WAL sender ended after 3 s.
 */
export async function dropSlot(pool: pg.Pool, slot: string): Promise<void> {
  const start = Date.now();
  while (Date.now() < start + 10_000) {
    const { rows } = await pool.query<{ pid: number | null }>(
      "SELECT active_pid AS pid FROM pg_replication_slots WHERE slot_name = $1",
      [slot],
    );
    if (!rows[0]) return;
    if (rows[0].pid === null) {
      await pool.query("SELECT pg_drop_replication_slot($1)", [slot]);
      return;
    }
    if (Date.now() > start + 3_000) await pool.query("SELECT pg_terminate_backend($1)", [rows[0].pid]);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function event(w: CdcWorld, kind: "task" | "run", aggregateId: string, type: string, payload: object): Written {
  return { eventId: randomUUID(), aggregateType: w.types[kind], aggregateId, type, payload: { ...payload } };
}

/**
 * Writes events in one transaction as a service would: insert, then delete (the insert stays in
 * the WAL, the table stays empty). `rollback` ends it with ROLLBACK instead. Returns the LSN the
 * transaction's last change was written at.
 */
export async function writeOutbox(
  pool: pg.Pool,
  events: readonly Written[],
  { rollback = false } = {},
): Promise<string> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    for (const e of events) {
      await client.query(
        "INSERT INTO outbox (event_id, aggregate_type, aggregate_id, type, payload) VALUES ($1, $2, $3, $4, $5)",
        [e.eventId, e.aggregateType, e.aggregateId, e.type, JSON.stringify(e.payload)],
      );
      await client.query("DELETE FROM outbox WHERE event_id = $1", [e.eventId]).catch((err: Error) => {
        teach(false, {
          expected:
            "a service deletes its outbox row in the same transaction that inserted it (the WAL keeps the insert)",
          actual: `PostgreSQL refused the DELETE: ${err.message}. A table in a publication needs a replica identity (a primary key) before rows can be updated or deleted`,
          see: TABLE,
        });
      });
    }
    const { rows } = await client.query<{ lsn: string }>("SELECT pg_current_wal_insert_lsn()::text AS lsn");
    await client.query(rollback ? "ROLLBACK" : "COMMIT");
    return rows[0]?.lsn ?? "0/0";
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/** Waits until a walsender streams from the slot: the connector's RUNNING state comes before that. */
export async function slotStreaming(w: CdcWorld, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { rows } = await w.pool.query<{ active: boolean }>(
      "SELECT active FROM pg_replication_slots WHERE slot_name = $1",
      [w.settings.slotName],
    );
    if (rows[0]?.active) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  teach(false, {
    expected: `the connector streams from the replication slot ${w.settings.slotName} (slot.name)`,
    actual: `after ${timeoutMs / 1000} s no connection streams from it. ${await statusLine(w)}`,
    see: ROUTER,
  });
}

/** The connector's state and its task's error, for messages. */
export async function statusLine(w: CdcWorld): Promise<string> {
  const res = await fetch(`${w.settings.connectUrl}/connectors/${w.settings.name}/status`).catch(() => undefined);
  if (!res?.ok) return `Connect has no connector named ${w.settings.name}.`;
  const s = (await res.json()) as { connector: { state: string }; tasks: { state: string; trace?: string }[] };
  const task = s.tasks[0];
  return `Connector ${s.connector.state}, task ${task?.state ?? "none"}${task?.trace ? `: ${task.trace.split("\n").slice(0, 3).join(" ")}` : ""}.`;
}

/** Topics whose name carries this test's suffix: where records went when not to the routed topics. */
export async function strayTopics(w: CdcWorld): Promise<string[]> {
  const all = await withAdmin(testKafka(), (a) => a.listTopics());
  return all.filter((t) => t.includes(w.suffix) && !w.topics.includes(t));
}
