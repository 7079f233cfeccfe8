import { randomBytes } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { beforeAll, describe, test } from "vitest";
import { registerOutboxConnector } from "@exercise/10-outbox-cdc/debezium-outbox.js";
import { requireLogicalDecoding } from "../../postgres/logical.js";
import { connectForChecks, postgresForChecks } from "../../testkit/services.js";
import { teach } from "../../testkit/teach.js";
import { readRouted, teachNothingRouted, type RoutedRecord } from "./cdc-read.js";
import {
  cdcWorld,
  event,
  ROUTER,
  SLOT,
  slotStreaming,
  statusLine,
  writeOutbox,
  type CdcWorld,
  type Written,
} from "./cdc-world.js";
import { restartScenario } from "./cdc-restart.js";

let serverUrl = "";
let connectUrl = "";
beforeAll(async () => {
  const server = await postgresForChecks();
  await requireLogicalDecoding(server);
  serverUrl = server.url;
  connectUrl = (await connectForChecks()).url;
}, 30_000);

const ids = (records: readonly RoutedRecord[]) => new Set(records.map((r) => r.headers.id));

/** Asserts each written event arrived once with its topic, key, headers and payload, and in `order` per aggregate. */
function teachRouted(records: readonly RoutedRecord[], written: readonly Written[], order: readonly Written[]): void {
  for (const e of written) {
    const r = records.find((x) => x.headers.id === e.eventId);
    teach(r !== undefined, {
      expected: `event ${e.type} of ${e.aggregateId} (id ${e.eventId}) on outbox.event.${e.aggregateType}, with its event id in the header "id"`,
      actual: `it is not there; ${records.length} records arrived, with ids ${[...ids(records)].join(", ") || "none"}`,
      see: ROUTER,
    });
    teach(r.key === e.aggregateId, {
      expected: `the record key is the aggregate id, ${JSON.stringify(e.aggregateId)}, as plain text (table.field.event.key = aggregate_id, key.converter = StringConverter): all events of one aggregate in one partition, in order`,
      actual: `the key is ${JSON.stringify(r.key)}`,
      see: ROUTER,
    });
    teach(r.topic === `outbox.event.${e.aggregateType}`, {
      expected: `routed by aggregate_type to outbox.event.${e.aggregateType}`,
      actual: `it arrived on ${r.topic}`,
      see: ROUTER,
    });
    teach(r.headers.eventType === e.type, {
      expected: `the event type ${e.type} in the header "eventType" (table.fields.additional.placement = type:header:eventType)`,
      actual: `the header eventType is ${JSON.stringify(r.headers.eventType)}`,
      see: ROUTER,
    });
    let payload: unknown;
    try {
      payload = JSON.parse(r.value ?? "");
    } catch {
      payload = undefined;
    }
    teach(isDeepStrictEqual(payload, e.payload), {
      expected: `the record value is the payload column as JSON: ${JSON.stringify(e.payload)}`,
      actual: `the value is ${r.value?.slice(0, 300)}${typeof payload === "string" ? " (a JSON string holding the JSON: the jsonb column arrives as text; send it as it is with value.converter = StringConverter, or expand it with table.expand.json.payload)" : ""}`,
      see: ROUTER,
    });
  }
  for (const aggregate of new Set(order.map((e) => e.aggregateId))) {
    const want = order.filter((e) => e.aggregateId === aggregate).map((e) => e.eventId);
    const got = records
      .filter((r) => r.key === aggregate && want.includes(r.headers.id ?? ""))
      .map((r) => r.headers.id);
    teach(isDeepStrictEqual(got, want), {
      expected: `the events of ${aggregate} in the order their transactions committed: ${want.join(", ")}`,
      actual: `they arrived as ${got.join(", ")}`,
      see: ROUTER,
    });
  }
}

async function pipeline(w: CdcWorld): Promise<void> {
  await registerOutboxConnector(w.settings);
  await slotStreaming(w);
}

describe("An outbox pipeline with Debezium and Kafka Connect", { concurrent: true }, () => {
  test(
    "committed events reach the routed topics in commit order per aggregate, keyed by aggregate; a rollback publishes nothing",
    { timeout: 60_000 },
    async (ctx) => {
      const w = await cdcWorld(ctx, serverUrl, connectUrl, "route");
      await pipeline(w);
      // Two transactions on task-1 that commit in the opposite order of their writes.
      const half = event(w, "task", "task-1", "task.progressed", { taskId: "task-1", percent: 50 });
      const most = event(w, "task", "task-1", "task.progressed", { taskId: "task-1", percent: 80 });
      const slow = await w.pool.connect();
      try {
        await slow.query("BEGIN");
        await slow.query(
          "INSERT INTO outbox (event_id, aggregate_type, aggregate_id, type, payload) VALUES ($1, $2, $3, $4, $5)",
          [half.eventId, half.aggregateType, half.aggregateId, half.type, JSON.stringify(half.payload)],
        );
        await writeOutbox(w.pool, [most]);
        await slow.query("COMMIT");
      } finally {
        slow.release();
      }
      const created = ["task-2", "task-3"].map((id) =>
        event(w, "task", id, "task.created", { taskId: id, title: `Summarise ${id}` }),
      );
      const started = event(w, "run", "run-1", "run.started", {
        runId: "run-1",
        model: "small",
        tasks: ["task-2", "task-3"],
      });
      await writeOutbox(w.pool, [created[0]!, started]);
      await writeOutbox(w.pool, [created[1]!]);
      const refused = event(w, "task", "task-9", "task.created", { taskId: "task-9", title: "never committed" });
      await writeOutbox(w.pool, [refused], { rollback: true });
      const done = ["task-2", "task-3"].map((id) =>
        event(w, "task", id, "task.completed", { taskId: id, summary: "ok" }),
      );
      await writeOutbox(w.pool, done);
      const finished = event(w, "run", "run-1", "run.finished", { runId: "run-1", ok: true });
      await writeOutbox(w.pool, [finished]);

      const committed = [most, half, created[0]!, started, created[1]!, ...done, finished];
      const records = await readRouted(w, (rs) => committed.every((e) => rs.some((r) => r.headers.id === e.eventId)));
      await teachNothingRouted(w, records, `${committed.length} committed events`);
      teachRouted(records, committed, committed);
      teach(!records.some((r) => r.headers.id === refused.eventId || r.key === "task-9"), {
        expected:
          "nothing for task-9: its transaction rolled back, so its insert never committed and the WAL decoder never emits it",
        actual: `a record for task-9 arrived on ${records.find((r) => r.key === "task-9")?.topic}`,
        see: ROUTER,
      });
    },
  );

  test(
    "the replication slot holds the WAL while the connector is paused and lets it go after",
    { timeout: 60_000 },
    async (ctx) => {
      const w = await cdcWorld(ctx, serverUrl, connectUrl, "slot");
      await pipeline(w);
      const first = event(w, "task", "task-1", "task.created", { taskId: "task-1", title: "warm up" });
      await writeOutbox(w.pool, [first]);
      await readRouted(w, (rs) => ids(rs).has(first.eventId));
      await connectorState(w, "pause", "PAUSED");
      const lag = async () =>
        Number(
          (
            await w.pool.query<{ lag: string }>(
              "SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), confirmed_flush_lsn)::bigint AS lag FROM pg_replication_slots WHERE slot_name = $1",
              [w.settings.slotName],
            )
          ).rows[0]?.lag ?? -1,
        );
      const before = await lag();
      // Random, so PostgreSQL cannot compress it: 4,000 characters of WAL per event at least.
      const notes = randomBytes(3_000).toString("base64");
      const paused = Array.from({ length: 20 }, (_, i) =>
        event(w, "task", `task-${i + 2}`, "task.created", { taskId: `task-${i + 2}`, notes }),
      );
      let last = "0/0";
      for (const e of paused) last = await writeOutbox(w.pool, [e]);
      const during = await lag();
      // 4,000 random base64 characters carry 3,000 bytes: no compression gets an event's WAL below that.
      const floor = (paused.length * (notes.length * 3)) / 4;
      teach(during - before >= floor, {
        expected: `while the connector is paused, the slot keeps every WAL byte written since (at least the ${floor} bytes of the ${paused.length} events written meanwhile)`,
        actual: `the slot's lag went from ${before} to ${during} bytes`,
        see: SLOT,
      });
      await connectorState(w, "resume", "RUNNING");
      const records = await readRouted(w, (rs) => paused.every((e) => ids(rs).has(e.eventId)));
      teach(
        paused.every((e) => ids(records).has(e.eventId)),
        {
          expected: `the ${paused.length} events written during the pause arrive once the connector runs again`,
          actual: `${paused.filter((e) => ids(records).has(e.eventId)).length} arrived. ${await statusLine(w)}`,
          see: SLOT,
        },
      );
      // Debezium confirms a transaction to the slot with the offsets of the events after it: one more commit.
      const after = event(w, "task", "task-1", "task.completed", { taskId: "task-1" });
      await writeOutbox(w.pool, [after]);
      await readRouted(w, (rs) => ids(rs).has(after.eventId));
      const deadline = Date.now() + 15_000;
      let confirmed = false;
      while (!confirmed && Date.now() < deadline) {
        const { rows } = await w.pool.query<{ ok: boolean }>(
          "SELECT confirmed_flush_lsn >= $2::pg_lsn AS ok FROM pg_replication_slots WHERE slot_name = $1",
          [w.settings.slotName, last],
        );
        confirmed = rows[0]?.ok === true;
        if (!confirmed) await new Promise((r) => setTimeout(r, 200));
      }
      teach(confirmed, {
        expected: `after the connector caught up, Debezium confirms the slot past the last event (${last}) and PostgreSQL may recycle that WAL`,
        actual: `the slot still confirms only up to an earlier position, lag ${await lag()} bytes`,
        see: SLOT,
      });
    },
  );

  test(
    "the Connect worker is killed mid-stream and restarted: the consumer applies every event once",
    { timeout: 120_000 },
    async (ctx) => {
      await restartScenario(ctx, serverUrl);
    },
  );
});

/** Pauses or resumes the connector through Connect's REST API and waits until its task says so. */
async function connectorState(w: CdcWorld, action: "pause" | "resume", state: string): Promise<void> {
  const base = `${w.settings.connectUrl}/connectors/${w.settings.name}`;
  const res = await fetch(`${base}/${action}`, { method: "PUT" });
  if (!res.ok) throw new Error(`PUT ${action}: HTTP ${res.status} ${await res.text()}`);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const s = (await (await fetch(`${base}/status`)).json()) as {
      connector: { state: string };
      tasks: { state: string }[];
    };
    if (s.connector.state === state && s.tasks.length > 0 && s.tasks.every((t) => t.state === state)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the connector did not become ${state} within 15 s: ${await statusLine(w)}`);
}
