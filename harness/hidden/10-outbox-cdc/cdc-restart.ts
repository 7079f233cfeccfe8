import pg from "pg";
import { vi, type TestContext } from "vitest";
import type * as Exercise from "@exercise/10-outbox-cdc/debezium-outbox.js";
import {
  registerOutboxConnector,
  startEventConsumer,
  type OutboxEvent,
} from "@exercise/10-outbox-cdc/debezium-outbox.js";
import { startConnectWorker, stopConnectWorker, type ConnectWorkerState } from "../../connect/worker.js";
import { clientSecurity } from "../../connect/worker-config.js";
import { freshDatabase } from "../../postgres/database.js";
import { courseContext, testKafka, uniqueName, withAdmin, within } from "../../testkit/kafka.js";
import { teach } from "../../testkit/teach.js";
import { readRouted } from "./cdc-read.js";
import {
  AT_LEAST_ONCE,
  cdcWorld,
  event,
  slotStreaming,
  statusLine,
  writeOutbox,
  type CdcWorld,
  type Written,
} from "./cdc-world.js";

/**
 * Source offsets are committed once a minute here (Connect's default): a worker killed within it
 * has committed none, so its successor sends everything again. That repeat is what the consumer
 * must absorb.
 */
const OFFSET_FLUSH_MS = 60_000;

function privateWorker(groupId?: string) {
  const connection = courseContext().connection;
  return startConnectWorker({
    bootstrapServers: connection.brokers.join(","),
    security: clientSecurity(connection),
    ownerPid: process.pid,
    offsetFlushMs: OFFSET_FLUSH_MS,
    ...(groupId && { groupId }),
  });
}

async function until(ok: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await ok()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return ok();
}

/** True once the group has committed every partition of the routed topics up to its end. */
async function consumedToEnd(w: CdcWorld, groupId: string): Promise<boolean> {
  return withAdmin(testKafka(), async (admin) => {
    for (const topic of w.topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      for (const end of ends) {
        const c = committed?.partitions.find((p) => p.partition === end.partition);
        if (Number(end.high) > 0 && Number(c?.offset ?? -1) < Number(end.high)) return false;
      }
    }
    return true;
  });
}

/**
 * A worker of its own (the session's shared one must not die): the connector runs on it, the
 * learner's consumer applies a first batch and stops, the worker is killed (SIGKILL: nothing
 * committed), a second batch is written while it is down, a new worker of the same Connect group
 * takes the connector over, and a fresh copy of the learner's module (nothing kept in memory)
 * consumes on. Every event must be applied exactly once.
 */
export async function restartScenario(ctx: TestContext, serverUrl: string): Promise<void> {
  const workers: ConnectWorkerState[] = [];
  ctx.onTestFinished(async () => {
    await Promise.all(workers.map((s) => stopConnectWorker(s, { signal: "SIGKILL" })));
  });
  const first = await privateWorker();
  workers.push(first);
  const w = await cdcWorld(ctx, serverUrl, first.url, "restart");
  const consumerPool = new pg.Pool({ connectionString: await freshDatabase(serverUrl, "cdc_consumer"), max: 4 });
  ctx.onTestFinished(() => consumerPool.end());
  await registerOutboxConnector(w.settings);
  await slotStreaming(w);

  const applied: OutboxEvent[] = [];
  const groupId = uniqueName("task-view");
  const consumerOptions = {
    kafka: testKafka(),
    topics: w.topics,
    groupId,
    pool: consumerPool,
    apply: async (e: OutboxEvent) => {
      applied.push(e);
    },
  };
  const batch = (n: number): Written[][] =>
    ["task-1", "task-2", "task-3"].map((id) => [
      event(w, "task", id, "task.progressed", { taskId: id, step: n }),
      event(w, "run", `run-${id}`, "run.step", { runId: `run-${id}`, step: n }),
    ]);
  const batch1 = batch(1);
  const consumer1 = await startEventConsumer(consumerOptions);
  const stopped: { stop(): Promise<void> }[] = [consumer1];
  ctx.onTestFinished(async () => {
    await Promise.all(stopped.map((c) => within(10_000, "stop()", c.stop()).catch(() => {})));
  });
  for (const events of batch1) await writeOutbox(w.pool, events);
  const want1 = batch1.flat().map((e) => e.eventId);
  const firstSeen = await until(() => want1.every((id) => applied.some((a) => a.eventId === id)), 12_000);
  teach(firstSeen, {
    expected: `the consumer applies the ${want1.length} events of the first batch (event id from the header "id", key, eventType, payload)`,
    actual: `it applied ${applied.length}: ${JSON.stringify(applied.slice(0, 2))}. ${await statusLine(w)}`,
    see: AT_LEAST_ONCE,
  });
  // Stopped while the worker restarts: a kafkajs consumer stops within its fetch wait (5 s), and
  // the new worker cannot take the connector over before the killed one's session ends (6 s).
  const consumer1Stopped = within(10_000, "stop()", consumer1.stop());
  stopped.length = 0;

  await stopConnectWorker(first, { signal: "SIGKILL" });
  const batch2 = batch(2);
  for (const events of batch2) await writeOutbox(w.pool, events);
  const second = await privateWorker(first.groupId);
  workers.push(second);
  const redelivered = await readRouted(w, (rs) => rs.length > want1.length * 2, 30_000);

  await consumer1Stopped;
  // A new process would load the module afresh: so does this copy, without what the first one kept in memory.
  vi.resetModules();
  const fresh = (await import("@exercise/10-outbox-cdc/debezium-outbox.js")) as typeof Exercise;
  const consumer2 = await fresh.startEventConsumer(consumerOptions);
  stopped.push(consumer2);
  const all = [...batch1, ...batch2].flat();
  await until(() => all.every((e) => applied.some((a) => a.eventId === e.eventId)), 15_000);
  await until(() => consumedToEnd(w, groupId), 10_000);
  await within(10_000, "stop()", consumer2.stop());
  stopped.length = 0;

  const copies = redelivered.filter((r) => want1.includes(r.headers.id ?? "")).length;
  const missing = all.filter((e) => !applied.some((a) => a.eventId === e.eventId));
  teach(missing.length === 0, {
    expected: `every one of the ${all.length} events applied, those written while the worker was down too (no gaps)`,
    actual: `${missing.length} never applied (${missing.map((e) => `${e.type} ${e.aggregateId}`).join(", ")}); the topics held ${redelivered.length} records. ${await statusLine(w)}`,
    see: AT_LEAST_ONCE,
  });
  const twice = all.filter((e) => applied.filter((a) => a.eventId === e.eventId).length > 1);
  teach(twice.length === 0, {
    expected: `each event applied once, although the restarted connector sent the first batch again (${copies} copies of its ${want1.length} events are on the topics)`,
    actual: `${twice.length} events applied twice or more, e.g. ${twice[0]?.type} of ${twice[0]?.aggregateId}: dedupe by the event id (header "id") in a store that outlives the consumer (a table in its database, in the same transaction as the apply), not in memory`,
    see: AT_LEAST_ONCE,
  });
}
