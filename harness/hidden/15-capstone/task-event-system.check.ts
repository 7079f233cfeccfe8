import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Kafka } from "kafkajs";
import { describe, test, type TestContext } from "vitest";
import { startAuditLog, type RunningAuditLog } from "@exercise/15-capstone/audit-log.js";
import { DLT_HEADERS, type AuditRecord, type Channel } from "@exercise/15-capstone/events.js";
import { lagReport } from "@exercise/15-capstone/lag-report.js";
import { startNotificationService, type RunningService } from "@exercise/15-capstone/notifications.js";
import { buildTaskApi } from "@exercise/15-capstone/task-api.js";
import { createTopic, readTopic, testKafka, uniqueName, withAdmin, within } from "../../testkit/kafka.js";
import { teach } from "../../testkit/teach.js";
import { patientKafka } from "../../testkit/transient.js";

const SPEC = "lesson 15, section “The spec”";
const SEE = {
  api: "lesson 15, section “The spec” (R2, R3) and lesson 6, section “202 Accepted, after the acknowledgement”",
  lost: "lesson 15, section “The spec” (R4) and lesson 5, section “At-least-once: commit after processing”",
  dedupe: "lesson 15, section “The spec” (R4): dedupe by event id",
  order: "lesson 15, section “The spec” (R3) and lesson 2 (keys and partitions)",
  rate: "lesson 15, section “Rate limits with token buckets”",
  dlt: "lesson 15, section “The spec” (R6) and lesson 5 (poison messages and dead-letter topics)",
  audit: "lesson 15, section “The spec” (R7)",
  lag: "lesson 15, section “The spec” (R8) and lesson 5 (the lag report)",
};

/** The scenario's size: measured on the course broker, this runs in about 10 s. */
const TASKS = 50;
const EVENTS_PER_TASK = 16;
const TOTAL = TASKS * EVENTS_PER_TASK;
const LIMITS: Record<Channel, number> = { email: 100, sms: 50 };
/** Timers and the event loop may let one more call through; a missing limiter is many times over. */
const allowed = (perSecond: number) => Math.floor(perSecond * 1.1) + 2;
const PARTITIONS = 3;
const SESSION_MS = 6_000;
/** Stop the notification service once this share of the events was sent. */
const RESTART_AT = Math.floor(TOTAL * 0.4);
/** The poison record goes in once this many events were accepted. */
const POISON_AT = Math.floor(TOTAL * 0.2);
const REPLAYS = 20;
/** The burst: a backlog per channel far above its limit, waiting before the service starts. */
const BURST_LIMIT = 3;
const BURST_PER_CHANNEL = 10;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(ms: number, ok: () => boolean): Promise<boolean> {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await sleep(100);
  return ok();
}

const channelOf = (task: number, i: number): Channel => ((task + i) % 3 === 0 ? "sms" : "email");
/** About one event in eight fails on its first provider call. */
const flaky = (eventId: string) => createHash("sha1").update(eventId).digest()[0]! % 8 === 0;
const POISON = '{"eventId": "broken", "taskId": ';
function eventIdIn(value: string | null): string | undefined {
  try {
    return (JSON.parse(value ?? "") as { eventId?: string }).eventId;
  } catch {
    return undefined;
  }
}
const taskId = (t: number) => `task-${String(t).padStart(2, "0")}`;

/** Everything the test started; stopped whatever happens. */
interface Scope {
  readonly stoppers: (() => Promise<unknown>)[];
}
function scope({ onTestFinished }: TestContext): Scope {
  const sc: Scope = { stoppers: [] };
  onTestFinished(async () => {
    await Promise.all(sc.stoppers.splice(0).map((s) => within(20_000, "shutdown", s()).catch(() => {})));
  });
  return sc;
}

/** The group's total lag on the topic, straight from the admin API. */
async function groupLag(kafka: Kafka, groupId: string, topic: string): Promise<number> {
  return withAdmin(kafka, async (admin) => {
    const ends = await admin.fetchTopicOffsets(topic);
    const [c] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return ends.reduce((sum, p) => {
      const committed = Number(c?.partitions.find((x) => x.partition === p.partition)?.offset ?? -1);
      return sum + Number(p.high) - (committed >= 0 ? committed : Number(p.low));
    }, 0);
  });
}

function maxInWindow(times: readonly number[], windowMs: number): { count: number; at: number } {
  const t = [...times].sort((a, b) => a - b);
  let best = { count: 0, at: 0 };
  let j = 0;
  for (let i = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= windowMs) j++;
    if (i - j + 1 > best.count) best = { count: i - j + 1, at: j };
  }
  return best;
}

describe.concurrent("Capstone: the task event system", () => {
  test("the task API answers 202 with an event id, keyed by the task id, and 400 for bad input", async (ctx) => {
    const sc = scope(ctx);
    const kafka = testKafka();
    const topic = uniqueName("capstone-api");
    await createTopic(kafka, topic, PARTITIONS);
    const app = buildTaskApi(kafka, { topic });
    sc.stoppers.push(() => app.close());
    await within(20_000, "the task API becoming ready", (async () => void (await app.ready()))());

    const bad = await app.inject({ method: "POST", url: "/tasks/task-1/events", payload: { type: "task.created" } });
    teach(bad.statusCode === 400, {
      expected: "400 for a body without channel and message",
      actual: `status ${bad.statusCode}: ${bad.body}`,
      see: SEE.api,
    });
    const payload = { type: "task.created", channel: "email", message: "Summary ready" };
    const ok = await app.inject({ method: "POST", url: "/tasks/task-1/events", payload });
    const body = ok.json<{ eventId?: unknown }>();
    teach(ok.statusCode === 202 && typeof body.eventId === "string", {
      expected: "202 with { eventId } once the broker acknowledged the event",
      actual: `status ${ok.statusCode}: ${ok.body}`,
      see: SEE.api,
    });
    const [record] = await readTopic(kafka, topic, 1, { timeoutMs: 8_000 });
    teach(record !== undefined, { expected: "the event in the topic", actual: "the topic is empty", see: SEE.api });
    const value = JSON.parse(record.value ?? "{}") as Record<string, unknown>;
    teach(record.key === "task-1", {
      expected: "the record keyed by the task id (task-1), so one task's events stay in order in one partition",
      actual: `the record's key is ${record.key === null ? "null (no key)" : `"${record.key}"`}`,
      see: SEE.order,
    });
    teach(
      value.eventId === body.eventId &&
        value.taskId === "task-1" &&
        value.channel === "email" &&
        value.type === "task.created" &&
        value.message === "Summary ready" &&
        typeof value.occurredAt === "string",
      {
        expected: `a TaskEvent { eventId: "${String(body.eventId)}", type, occurredAt, taskId: "task-1", channel, message }`,
        actual: record.value ?? "null",
        see: SPEC,
      },
    );
  });

  test(`a backlog burst: ${BURST_PER_CHANNEL} events per channel waiting, at most ${BURST_LIMIT}/s sent per channel`, async (ctx) => {
    // Every event is already in the topic when the service starts, so nothing but the limiter
    // paces the sends: without one, each partition's events go out one commit apart, many times
    // over the limit in the first second, however slow the machine.
    const sc = scope(ctx);
    const kafka = patientKafka();
    const topic = uniqueName("capstone-burst");
    await createTopic(kafka, topic, PARTITIONS);
    await createTopic(kafka, `${topic}.dlt`, 1);
    const events = (["email", "sms"] as const).flatMap((channel) =>
      Array.from({ length: BURST_PER_CHANNEL }, (_, i) => ({
        eventId: `burst-${channel}-${i}`,
        type: "task.updated",
        occurredAt: new Date().toISOString(),
        taskId: taskId(i % 6),
        channel,
        message: `burst ${channel} ${i}`,
      })),
    );
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: events.map((e) => ({ key: e.taskId, value: JSON.stringify(e) })) });
    await producer.disconnect();
    const calls: Record<Channel, number[]> = { email: [], sms: [] };
    const service = await within(
      20_000,
      "startNotificationService",
      startNotificationService(kafka, {
        topic,
        groupId: uniqueName("capstone-burst-group"),
        dltTopic: `${topic}.dlt`,
        limits: { email: BURST_LIMIT, sms: BURST_LIMIT },
        send: async (n) => void calls[n.channel].push(performance.now()),
        processed: new Set<string>(),
        sessionTimeout: SESSION_MS,
      }),
    );
    sc.stoppers.push(() => service.stop());
    const over = () =>
      (["email", "sms"] as const).some((c) => maxInWindow(calls[c], 1_000).count > allowed(BURST_LIMIT));
    // At the limit the burst takes about BURST_PER_CHANNEL / BURST_LIMIT s; stop early once it is over.
    await until(
      (BURST_PER_CHANNEL / BURST_LIMIT) * 1_000 + 8_000,
      () => over() || calls.email.length + calls.sms.length >= events.length,
    );
    for (const channel of ["email", "sms"] as const) {
      const w = maxInWindow(calls[channel], 1_000);
      teach(w.count <= allowed(BURST_LIMIT), {
        expected: `at most ${BURST_LIMIT} ${channel} sends in any one-second window while a backlog of ${BURST_PER_CHANNEL} waits (with timer tolerance: ${allowed(BURST_LIMIT)})`,
        actual: `rate limit exceeded: ${w.count} ${channel} calls within one second on a backlog burst: the sends go out as fast as the consumer reads; give each channel a token bucket and take a token before every provider call, retries included`,
        see: SEE.rate,
      });
      teach(calls[channel].length >= BURST_PER_CHANNEL, {
        expected: `all ${BURST_PER_CHANNEL} ${channel} events of the burst sent, at the limit`,
        actual: `${calls[channel].length} sent within ${BURST_PER_CHANNEL / BURST_LIMIT + 8} s: the limiter waits far longer than the limit asks for`,
        see: SEE.rate,
      });
    }
  });

  test(
    `end to end: ${TOTAL} events over ${TASKS} tasks via HTTP, failing sends, a poison record, a restart`,
    { timeout: 120_000 },
    async (ctx) => {
      const sc = scope(ctx);
      const kafka = testKafka();
      const topic = uniqueName("capstone-task-events");
      const dltTopic = `${topic}.dlt`;
      const notifyGroup = uniqueName("capstone-notifications");
      const auditGroup = uniqueName("capstone-audit");
      await createTopic(kafka, topic, PARTITIONS);
      await createTopic(kafka, dltTopic, 1);

      // The fake providers: every call is timed (the rate limit counts calls), some fail once.
      const calls: Record<Channel, number[]> = { email: [], sms: [] };
      const sent: { eventId: string; taskId: string }[] = [];
      const sentCount = new Map<string, number>();
      const failedOnce = new Set<string>();
      let killed = false;
      let restartBegun = false;
      const send = async (n: { eventId: string; taskId: string; channel: Channel }) => {
        calls[n.channel].push(performance.now());
        // The outage starts inside a call, so at least one event is in flight when the stop comes.
        if (!restartBegun && sent.length >= RESTART_AT) [restartBegun, killed] = [true, true];
        if (killed) {
          await sleep(50);
          throw new Error("the process is going down");
        }
        if (flaky(n.eventId) && !failedOnce.has(n.eventId)) {
          failedOnce.add(n.eventId);
          throw new Error("provider answered 503");
        }
        sent.push({ eventId: n.eventId, taskId: n.taskId });
        sentCount.set(n.eventId, (sentCount.get(n.eventId) ?? 0) + 1);
      };
      const processed = new Set<string>();
      const audit: AuditRecord[] = [];
      const notifyOptions = {
        topic,
        groupId: notifyGroup,
        dltTopic,
        limits: LIMITS,
        send,
        processed,
        sessionTimeout: SESSION_MS,
      };

      let notifications: RunningService | undefined = await within(
        20_000,
        "startNotificationService",
        startNotificationService(kafka, notifyOptions),
      );
      sc.stoppers.push(async () => notifications?.stop());
      const auditLog: RunningAuditLog = await within(
        20_000,
        "startAuditLog",
        startAuditLog(kafka, {
          topic,
          groupId: auditGroup,
          sessionTimeout: SESSION_MS,
          append: async (r) => void audit.push(r),
        }),
      );
      sc.stoppers.push(() => auditLog.stop());
      const app = buildTaskApi(kafka, { topic });
      sc.stoppers.push(() => app.close());
      await within(20_000, "the task API listening", app.listen({ port: 0, host: "127.0.0.1" }));
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

      // Side producer for what the API would never write: a poison record and replayed duplicates.
      const side = kafka.producer();
      await side.connect();
      sc.stoppers.push(() => side.disconnect());
      let poison: Promise<unknown> | undefined;

      // The restart: once 40% are sent, the provider fails every call, the instance is stopped,
      // the provider comes back and a new instance (same group, same processed store) starts.
      let restarted = false;
      let finished = false;
      const restart = (async () => {
        if (!(await until(90_000, () => restartBegun || finished)) || finished) return;
        const old = notifications;
        notifications = undefined;
        await within(20_000, "stop() of the notification service", old!.stop());
        killed = false;
        notifications = await within(20_000, "restarted service", startNotificationService(kafka, notifyOptions));
        restarted = true;
      })();

      // Intake: one sequential chain of requests per task, all tasks in parallel.
      const accepted = new Map<string, string[]>();
      const rejected: string[] = [];
      let acceptedCount = 0;
      await Promise.all(
        Array.from({ length: TASKS }, async (_, t) => {
          const id = taskId(t);
          const ids: string[] = [];
          accepted.set(id, ids);
          for (let i = 0; i < EVENTS_PER_TASK; i++) {
            const type = i === 0 ? "task.created" : i === EVENTS_PER_TASK - 1 ? "task.completed" : "task.updated";
            const res = await fetch(`${base}/tasks/${id}/events`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ type, channel: channelOf(t, i), message: `${id} step ${i}` }),
            });
            const body = (await res.json()) as { eventId?: string };
            if (res.status !== 202 || !body.eventId) {
              rejected.push(`${id} step ${i}: ${res.status}`);
              continue;
            }
            ids.push(body.eventId);
            if (++acceptedCount === POISON_AT) {
              poison = side.send({ topic, messages: [{ key: taskId(7), value: POISON }] });
            }
          }
        }),
      );
      await poison;
      teach(rejected.length === 0, {
        expected: `202 for all ${TOTAL} valid requests`,
        actual: `${rejected.length} were not accepted, e.g. ${rejected.slice(0, 3).join("; ")}`,
        see: SEE.api,
      });
      // Replays: copies of already accepted events (a producer retry, a replay tool) must not notify twice.
      const replayed = [...accepted.entries()].slice(0, REPLAYS).map(([id, ids]) => ({ id, eventId: ids[1]! }));
      const originals = await readTopic(kafka, topic, TOTAL + 1, { timeoutMs: 15_000 });
      const byEventId = new Map(originals.map((r) => [eventIdIn(r.value), r]));
      await side.send({
        topic,
        messages: replayed.map(({ id, eventId }) => ({ key: id, value: byEventId.get(eventId)?.value ?? "" })),
      });

      // Wait until everything was sent, or the group has committed everything (nothing more will
      // come), or nothing moved for 6 s (a stalled consumer).
      const all = [...accepted.values()].flat();
      let last = -1;
      let lastMove = Date.now();
      let lastLagCheck = Date.now();
      const hardEnd = Date.now() + 90_000;
      while (Date.now() < hardEnd) {
        const allSent = restarted && all.every((id) => sentCount.has(id));
        if (allSent && audit.length >= TOTAL + 1 + REPLAYS) break;
        if (restarted && Date.now() - lastLagCheck > 1_000) {
          lastLagCheck = Date.now();
          const idle = (await groupLag(kafka, notifyGroup, topic)) === 0;
          if (idle && (audit.length >= TOTAL + 1 + REPLAYS || (await groupLag(kafka, auditGroup, topic)) === 0)) break;
        }
        const progress = sent.length + audit.length;
        if (progress !== last) [last, lastMove] = [progress, Date.now()];
        else if (Date.now() - lastMove > 6_000) break;
        await sleep(200);
      }
      finished = true;
      await restart;

      // R6: the poison record in the dead-letter topic, with its context.
      const dlt = await readTopic(kafka, dltTopic, 1, { timeoutMs: 3_000 });
      const missing = all.filter((id) => !sentCount.has(id));
      teach(dlt.length === 1, {
        expected: "the one malformed record in the dead-letter topic, and the consumer carrying on past it",
        actual:
          dlt.length === 0
            ? `the dead-letter topic is empty and ${missing.length} accepted events were never notified: the poison record stalled the consumer (it fails the same way on every retry); catch the parse error, dead-letter the record, then commit`
            : `${dlt.length} records in the dead-letter topic; only the malformed one belongs there`,
        see: SEE.dlt,
      });
      const h = dlt[0]!.headers;
      const poisonRecord = originals.find((r) => r.value === POISON);
      teach(
        h[DLT_HEADERS.topic] === topic &&
          h[DLT_HEADERS.partition] === String(poisonRecord?.partition) &&
          h[DLT_HEADERS.offset] === poisonRecord?.offset &&
          (h[DLT_HEADERS.error] ?? "").length > 0 &&
          dlt[0]!.value === poisonRecord?.value &&
          dlt[0]!.key === taskId(7),
        {
          expected: `the dead-letter record with the original key and value and headers ${Object.values(DLT_HEADERS).join(", ")} (topic ${topic}, partition ${poisonRecord?.partition}, offset ${poisonRecord?.offset}, the error)`,
          actual: `key ${dlt[0]!.key}, value ${dlt[0]!.value}, headers ${JSON.stringify(h)}`,
          see: SEE.dlt,
        },
      );

      // R4: nothing lost, nothing twice.
      teach(restarted, {
        expected: `the scenario to stop and restart the notification service after ${RESTART_AT} sends`,
        actual: `only ${sent.length} sends happened`,
        see: SEE.lost,
      });
      teach(missing.length === 0, {
        expected: `every one of the ${TOTAL} accepted events notified at least once, across the stop and restart`,
        actual: `${missing.length} accepted events were never notified, e.g. ${missing.slice(0, 3).join(", ")}: lost across the restart, the events whose sends failed at shutdown had already been committed (commit before send, or auto-commit) so the new instance started after them; commit an event's offset only after its send succeeded`,
        see: SEE.lost,
      });
      const twice = [...sentCount.entries()].filter(([, n]) => n > 1);
      teach(twice.length === 0, {
        expected: `each event sent once, although ${REPLAYS} were replayed into the topic and the service restarted`,
        actual: `${twice.length} event ids were sent more than once, e.g. ${twice
          .slice(0, 3)
          .map(([id, n]) => `${id} ×${n}`)
          .join(", ")}: skip event ids the processed store already has, and add an id only after its send`,
        see: SEE.dedupe,
      });

      // R3: one task's notifications in the order its events were accepted.
      const sentOrder = new Map<string, string[]>();
      for (const s of sent) sentOrder.set(s.taskId, [...(sentOrder.get(s.taskId) ?? []), s.eventId]);
      const outOfOrder = [...accepted.entries()].filter(
        ([id, ids]) => JSON.stringify(sentOrder.get(id) ?? []) !== JSON.stringify(ids),
      );
      teach(outOfOrder.length === 0, {
        expected: "each task's notifications sent in the order its events were accepted",
        actual: () => {
          const [id, ids] = outOfOrder[0]!;
          const got = (sentOrder.get(id) ?? []).map((e) => ids.indexOf(e));
          return `order per task broken for ${outOfOrder.length} of ${TASKS} tasks; ${id}'s steps were sent as ${got.join(",")}. Events of one task keep their order only in one partition: the key must be the task id`;
        },
        see: SEE.order,
      });

      // R5: per-channel rate limits, measured from the provider's call times.
      for (const channel of ["email", "sms"] as const) {
        const w = maxInWindow(calls[channel], 1_000);
        teach(w.count <= allowed(LIMITS[channel]), {
          expected: `at most ${LIMITS[channel]} ${channel} sends in any one-second window (with timer tolerance: ${allowed(LIMITS[channel])})`,
          actual: `rate limit exceeded: ${w.count} ${channel} calls within one second (${calls[channel].length} calls in all); give each channel a token bucket and take a token before every provider call, retries included`,
          see: SEE.rate,
        });
      }

      // R7: the audit log has every record, each task in order.
      const auditIds = new Set(audit.map((r) => r.eventId));
      const notAudited = all.filter((id) => !auditIds.has(id));
      teach(notAudited.length === 0 && audit.some((r) => r.eventId === null && r.taskId === taskId(7)), {
        expected: `every accepted event (and the malformed record, with eventId null) in the audit log`,
        actual: `${notAudited.length} accepted events missing from the audit log (${audit.length} records); malformed record logged: ${audit.some((r) => r.eventId === null)}`,
        see: SEE.audit,
      });

      // R8: lag back to zero, and the learner's report agrees with the admin API.
      for (const group of [notifyGroup, auditGroup]) {
        let report = await lagReport(kafka, group, topic);
        const end = Date.now() + 15_000;
        while (report.some((p) => p.lag !== 0) && Date.now() < end) {
          await sleep(300);
          report = await lagReport(kafka, group, topic);
        }
        const truth = await withAdmin(kafka, async (admin) => {
          const ends = await admin.fetchTopicOffsets(topic);
          const [c] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
          return ends.map((p) => ({
            partition: p.partition,
            high: Number(p.high),
            committed: Number(c?.partitions.find((x) => x.partition === p.partition)?.offset ?? -1),
          }));
        });
        const disagree = truth.filter((t) => {
          const r = report.find((p) => p.partition === t.partition);
          return !r || r.logEndOffset !== t.high || r.committedOffset !== t.committed;
        });
        teach(disagree.length === 0 && report.length === PARTITIONS, {
          expected: `lagReport for ${group}: one row per partition (${PARTITIONS}) matching the admin API`,
          actual: `report ${JSON.stringify(report)}; admin API ${JSON.stringify(truth)}`,
          see: SEE.lag,
        });
        teach(
          report.every((p) => p.lag === 0),
          {
            expected: `group ${group} caught up: lag 0 on every partition once everything is processed`,
            actual: `lag ${JSON.stringify(report.map((p) => p.lag))}`,
            see: SEE.lag,
          },
        );
      }
    },
  );
});
