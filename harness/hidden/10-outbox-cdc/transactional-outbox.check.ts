import type { Message } from "kafkajs";
import pg from "pg";
import { beforeAll, describe, test, type TestContext } from "vitest";
import {
  createTaskService,
  migrate,
  startOutboxRelay,
  type OutboxOptions,
  type RunningRelay,
  type TaskService,
} from "@exercise/10-outbox-cdc/outbox.js";
import { freshDatabase } from "../../postgres/database.js";
import { postgresForChecks } from "../../testkit/services.js";
import {
  createTopic,
  readTopic,
  testKafka,
  uniqueName,
  withAdmin,
  within,
  type ReadRecord,
} from "../../testkit/kafka.js";
import { teach } from "../../testkit/teach.js";

const SEE = "lesson 10, section “The transactional outbox”";
const RELAY = "lesson 10, section “The relay: publish, then mark”";
const DUAL = "lesson 10, section “The dual-write problem”";
const ORDER = "lesson 10, section “Order per aggregate”";

let serverUrl = "";
beforeAll(async () => {
  serverUrl = (await postgresForChecks()).url;
}, 120_000);

/** One test's world: its own database, its own topic, a real producer behind `publish`. */
interface World {
  readonly pool: pg.Pool;
  readonly topic: string;
  readonly relays: RunningRelay[];
  readonly options: OutboxOptions;
  /** While true, publishing fails as if the brokers were unreachable. */
  kafkaDown: boolean;
}

async function world(ctx: TestContext, name: string, extra: Partial<OutboxOptions> = {}): Promise<World> {
  const pool = new pg.Pool({ connectionString: await freshDatabase(serverUrl, name), max: 4 });
  const kafka = testKafka();
  const topic = uniqueName(`${name}-events`);
  await createTopic(kafka, topic, 3);
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  const w: World = {
    pool,
    topic,
    relays: [],
    kafkaDown: false,
    options: {
      pool,
      pollMs: 100,
      publish: async (messages: Message[]) => {
        if (w.kafkaDown)
          throw new Error("KafkaJSConnectionError: Connection error: connect ECONNREFUSED (the check took Kafka away)");
        await producer.send({ topic, acks: -1, messages });
      },
      ...extra,
    },
  };
  ctx.onTestFinished(async () => {
    await Promise.all(w.relays.splice(0).map((r) => within(10_000, "relay.stop()", r.stop()).catch(() => {})));
    await producer.disconnect().catch(() => {});
    await pool.end().catch(() => {});
  });
  await migrate(pool);
  return w;
}

function relay(w: World, options: OutboxOptions = w.options): RunningRelay {
  const r = startOutboxRelay(options);
  w.relays.push(r);
  return r;
}

async function unsent(w: World): Promise<number> {
  return Number((await w.pool.query("SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL")).rows[0]?.n ?? -1);
}

async function outboxSize(w: World): Promise<number> {
  return Number((await w.pool.query("SELECT count(*) AS n FROM outbox")).rows[0]?.n ?? -1);
}

/** Waits until the relay has marked every outbox row sent. */
async function drained(w: World, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while ((await unsent(w)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const left = await unsent(w);
  teach(left === 0, {
    expected: `${what}: the relay publishes every outbox row and marks it sent`,
    actual: `after 15 s, ${left} of ${await outboxSize(w)} outbox rows are still unsent (sent_at IS NULL)`,
    see: RELAY,
  });
}

interface Seen {
  readonly eventId: string;
  readonly type: string;
  readonly taskId: string;
  readonly record: ReadRecord;
}

function parse(records: readonly ReadRecord[]): Seen[] {
  return records.map((record) => {
    const v = JSON.parse(record.value ?? "{}") as { eventId?: string; type?: string; taskId?: string };
    return { eventId: String(v.eventId), type: String(v.type), taskId: String(v.taskId), record };
  });
}

/** Everything in the topic now: as many records as its partitions' end offsets add up to. */
async function published(w: World): Promise<Seen[]> {
  const offsets = await withAdmin(testKafka(), (a) => a.fetchTopicOffsets(w.topic));
  const total = offsets.reduce((n, p) => n + Number(p.high), 0);
  return parse(await readTopic(testKafka(), w.topic, total, { timeoutMs: 8_000 }));
}

async function tryTo<T>(p: () => Promise<T>): Promise<T | Error> {
  return p().catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
}

describe("A transactional outbox with a polling relay", { concurrent: true }, () => {
  test("every change reaches Kafka, keyed by task, in order per task", async (ctx) => {
    const w = await world(ctx, "order");
    const service: TaskService = createTaskService(w.options);
    const ids = new Map<string, string[]>();
    for (let i = 1; i <= 6; i++) {
      const taskId = `task-${i}`;
      ids.set(taskId, [await service.createTask({ taskId, title: `Summarise call ${i}`, assignee: "ada" })]);
    }
    for (let i = 1; i <= 6; i++) ids.get(`task-${i}`)?.push(await service.completeTask(`task-${i}`));
    relay(w);
    await drained(w, "12 changes to 6 tasks");
    const seen = await published(w);
    for (const [taskId, [created, completed]] of ids) {
      const mine = seen.filter((s) => s.taskId === taskId);
      const missing = [created, completed].filter((id) => !mine.some((s) => s.eventId === id));
      teach(missing.length === 0, {
        expected: `task.created and task.completed of ${taskId} in the topic, with the event ids createTask/completeTask returned`,
        actual: `${missing.length} of them missing (the topic has ${seen.length} records: ${mine.map((s) => `${s.type} ${s.eventId}`).join(", ") || "none of this task"})`,
        see: SEE,
      });
      for (const s of mine) {
        teach(s.record.key === taskId && s.record.headers["event-id"] === s.eventId, {
          expected: `every record of ${taskId} keyed by the task id (its aggregate) and with an event-id header equal to its eventId`,
          actual: `a ${s.type} record has key ${JSON.stringify(s.record.key)} and event-id header ${JSON.stringify(s.record.headers["event-id"])}`,
          see: ORDER,
        });
      }
      const first = (id: string | undefined) => mine.findIndex((s) => s.eventId === id);
      teach(first(created) < first(completed), {
        expected: `${taskId}: task.created before task.completed, as they were written`,
        actual: "task.completed came first: publish rows in outbox order (ORDER BY id), one relay at a time",
        see: ORDER,
      });
    }
  });

  test("a relay that crashes between publishing and marking loses nothing; the repeat has the same event id", async (ctx) => {
    let crashed = false;
    const w = await world(ctx, "crash");
    const service = createTaskService(w.options);
    const ids: string[] = [];
    for (let i = 1; i <= 4; i++)
      ids.push(await service.createTask({ taskId: `job-${i}`, title: `Draft reply ${i}`, assignee: "lin" }));
    const first = relay(w, {
      ...w.options,
      afterPublish: async () => {
        crashed = true;
        throw new Error("simulated crash between publish and mark");
      },
    });
    const deadline = Date.now() + 10_000;
    while (!crashed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    teach(crashed, {
      expected: "the relay calls options.afterPublish after publishing a batch and before marking it sent",
      actual: "afterPublish was not called within 10 s",
      see: RELAY,
    });
    await within(10_000, "relay.stop()", first.stop());
    w.relays.splice(w.relays.indexOf(first), 1);
    relay(w);
    await drained(w, "a new relay after the crash");
    const seen = await published(w);
    const lost = ids.filter((id) => !seen.some((s) => s.eventId === id));
    teach(lost.length === 0, {
      expected: "every event published at least once, even though the first relay died before marking its batch",
      actual: `${lost.length} of ${ids.length} events never reached the topic: rows marked sent before Kafka acknowledged them are lost in a crash`,
      see: RELAY,
    });
    for (const id of ids) {
      const copies = seen.filter((s) => s.eventId === id).map((s) => s.record.value);
      teach(new Set(copies).size === 1, {
        expected: `every copy of event ${id} identical, with the same event id, so consumers can dedupe it (lesson 8)`,
        actual: `${copies.length} copies that differ: ${copies.join(" | ")}`,
        see: RELAY,
      });
    }
  });

  test("a rolled-back business transaction publishes nothing", async (ctx) => {
    const w = await world(ctx, "rollback");
    const service = createTaskService(w.options);
    relay(w);
    await service.createTask({ taskId: "t-1", title: "Label the ticket", assignee: "sam" });
    const attempts: [string, () => Promise<string>][] = [
      [
        "createTask with an empty title (the CHECK constraint refuses it)",
        () => service.createTask({ taskId: "t-2", title: "", assignee: "sam" }),
      ],
      [
        "createTask for t-1 again (its primary key exists)",
        () => service.createTask({ taskId: "t-1", title: "Again", assignee: "sam" }),
      ],
    ];
    await service.completeTask("t-1");
    attempts.push(["completeTask(t-1) a second time (it is not open)", () => service.completeTask("t-1")]);
    attempts.push(["completeTask(t-9), a task that does not exist", () => service.completeTask("t-9")]);
    for (const [what, attempt] of attempts) {
      const r = await tryTo(attempt);
      teach(r instanceof Error, { expected: `${what} to throw`, actual: `it returned ${String(r)}`, see: SEE });
    }
    await drained(w, "two real changes and four refused ones");
    const seen = await published(w);
    const extra = seen.filter((s) => !(s.taskId === "t-1" && ["task.created", "task.completed"].includes(s.type)));
    const counts = ["task.created", "task.completed"].map(
      (t) => new Set(seen.filter((s) => s.taskId === "t-1" && s.type === t).map((s) => s.eventId)).size,
    );
    teach(extra.length === 0 && counts.every((n) => n === 1), {
      expected: "exactly one task.created and one task.completed for t-1, and nothing for the refused changes",
      actual: `the topic has ${seen.map((s) => `${s.type}(${s.taskId})`).join(", ")}: an event was published for a change that was rolled back. The outbox row must be written in the same transaction as the change, on the same connection, so a rollback removes both`,
      see: SEE,
    });
  });

  test("with Kafka down, accepted tasks are still published once it is back", async (ctx) => {
    const w = await world(ctx, "outage");
    const service = createTaskService(w.options);
    relay(w);
    w.kafkaDown = true;
    const results = [
      await tryTo(() => service.createTask({ taskId: "o-1", title: "Rank the leads", assignee: "kim" })),
      await tryTo(() => service.createTask({ taskId: "o-2", title: "Translate notes", assignee: "kim" })),
    ];
    const stored = (await w.pool.query<{ task_id: string }>("SELECT task_id FROM tasks ORDER BY task_id")).rows.map(
      (r) => r.task_id,
    );
    await new Promise((r) => setTimeout(r, 800));
    w.kafkaDown = false;
    await drained(w, "Kafka back after an outage");
    const seen = await published(w);
    for (const taskId of stored) {
      const there = seen.some((s) => s.taskId === taskId && s.type === "task.created");
      const result = results[["o-1", "o-2"].indexOf(taskId)];
      const threw = result instanceof Error ? result : undefined;
      teach(there, {
        expected: `task ${taskId} is in the database, so its task.created event reaches Kafka once Kafka is back`,
        actual: `the task was committed but its event never reached the topic${threw ? ` (createTask threw: ${threw.message})` : ""}: the row was committed and then publishing failed. That is a dual write; write an outbox row in the same transaction and let the relay publish it`,
        see: DUAL,
      });
    }
    teach(stored.length === 2, {
      expected: "both tasks accepted while Kafka was down: creating a task only needs the database",
      actual: `only ${stored.join(", ") || "none"} stored (${results.map((r) => (r instanceof Error ? r.message : "ok")).join("; ")})`,
      see: DUAL,
    });
  });
});
