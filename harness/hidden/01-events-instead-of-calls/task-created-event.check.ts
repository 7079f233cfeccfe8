import type { Consumer, Kafka } from "kafkajs";
import { describe, test } from "vitest";
import { legacyCalls } from "@exercise/01-events-instead-of-calls/legacy-services.js";
import {
  createTaskService,
  type EventEnvelope,
  type Task,
  type TaskService,
} from "@exercise/01-events-instead-of-calls/task-service.js";
import { createTopic, readTopic, testKafka, uniqueName, within } from "../../testkit/kafka.js";
import { countingKafka } from "../../testkit/counting-kafka.js";
import { teachClientsClosed } from "../../testkit/leftovers.js";
import { teach } from "../../testkit/teach.js";

const SEE_DECOUPLE = "lesson 1, section “Temporal coupling: the caller waits for everyone”";
const SEE_FANOUT = "lesson 1, section “Behavioural coupling: the caller knows everyone”";
const SEE_ENVELOPE = "lesson 1, section “An event envelope”";
/** Answering in time: a produce on a local broker takes milliseconds; a downstream call takes seconds. */
const ANSWER_BUDGET_MS = 1_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A downstream service as a consumer group whose handler is slow: it holds each event until `gate` opens. */
async function slowGroup(kafka: Kafka, topic: string, groupId: string, gate: Promise<void>) {
  const consumer: Consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  const seen = new Set<string>();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      await Promise.race([gate, sleep(15_000)]);
      await sleep(100);
      const event = JSON.parse(message.value?.toString() ?? "{}") as Partial<EventEnvelope<Task>>;
      seen.add(event.id ?? "");
    },
  });
  return { groupId, seen, stop: () => consumer.disconnect() };
}

/** The learner's client, with every producer's sends counted while they are in flight. */
function sendTracking(kafka: Kafka): { kafka: Kafka; inFlight: () => number } {
  let inFlight = 0;
  const tracked = Object.create(kafka) as Kafka;
  tracked.producer = (config) => {
    const producer = kafka.producer(config);
    const track =
      <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
      async (...a: A): Promise<R> => {
        inFlight++;
        try {
          return await f(...a);
        } finally {
          inFlight--;
        }
      };
    producer.send = track(producer.send.bind(producer));
    producer.sendBatch = track(producer.sendBatch.bind(producer));
    return producer;
  };
  return { kafka: tracked, inFlight: () => inFlight };
}

async function createTimed(service: TaskService, n: number, inFlight: () => number): Promise<Task> {
  const t0 = performance.now();
  const task = await within(20_000, "createTask", service.createTask({ title: `Task ${n}`, ownerId: "user-7" }));
  const ms = Math.round(performance.now() - t0);
  const pending = inFlight();
  teach(pending === 0, {
    expected: "createTask to resolve only once Kafka has the event (await producer.send): then it is safe to answer",
    actual: `when createTask resolved, ${pending} send(s) were still waiting for the broker's answer: the send was not awaited (fire and forget), so a crash right after answering loses the event, and a refused event goes unnoticed`,
    see: SEE_DECOUPLE,
  });
  teach(ms < ANSWER_BUDGET_MS, {
    expected: `createTask to answer as soon as Kafka has the event (well under ${ANSWER_BUDGET_MS} ms), whatever the consumers do`,
    actual: `it took ${ms} ms: it still waits for downstream work${legacyCalls.length > 0 ? ` (it called ${legacyCalls.join(", ")})` : ""}`,
    see: SEE_DECOUPLE,
  });
  return task;
}

async function eventIds(kafka: Kafka, topic: string, count: number): Promise<string[]> {
  const records = await readTopic(kafka, topic, count, { timeoutMs: 8_000 });
  return records.map((r) => (JSON.parse(r.value ?? "{}") as Partial<EventEnvelope<Task>>).id ?? "");
}

async function waitUntil(ms: number, done: () => boolean): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await sleep(100);
}

describe("From calls to an event", () => {
  test(
    "createTask answers without waiting; notify, audit and remind each get every event; a new group needs no producer change",
    { timeout: 75_000 },
    async () => {
      const kafka = testKafka();
      const topic = uniqueName("task-events");
      await createTopic(kafka, topic, 3);
      let open = (): void => {};
      const gate = new Promise<void>((resolve) => (open = resolve));
      const groups = await Promise.all(
        ["notify", "audit", "remind"].map((name) => slowGroup(kafka, topic, uniqueName(name), gate)),
      );
      legacyCalls.length = 0;
      const learner = sendTracking(kafka);
      const service = await within(15_000, "createTaskService", createTaskService(learner.kafka, topic));
      try {
        const tasks: Task[] = [];
        for (let n = 1; n <= 3; n++) tasks.push(await createTimed(service, n, learner.inFlight));
        teach(legacyCalls.length === 0, {
          expected: "createTask to call none of notify, audit, remind: they are consumers of the event now",
          actual: `it still called ${legacyCalls.join(", ")}`,
          see: SEE_FANOUT,
        });
        open();
        const ids = await eventIds(kafka, topic, tasks.length);
        teach(ids.length === tasks.length, {
          expected: `${tasks.length} events in ${topic}, one per created task`,
          actual: `${ids.length} event(s) in the topic`,
          see: SEE_FANOUT,
        });
        await waitUntil(30_000, () => groups.every((g) => ids.every((id) => g.seen.has(id))));
        for (const g of groups) {
          const got = ids.filter((id) => g.seen.has(id)).length;
          teach(got === ids.length, {
            expected: `consumer group ${g.groupId} to receive every task.created event (each group gets its own copy)`,
            actual: `it received ${got} of ${ids.length}`,
            see: SEE_FANOUT,
          });
        }

        const analytics = await slowGroup(kafka, topic, uniqueName("analytics"), gate);
        groups.push(analytics);
        tasks.push(await createTimed(service, 4, learner.inFlight));
        const all = await eventIds(kafka, topic, tasks.length);
        await waitUntil(20_000, () => all.every((id) => analytics.seen.has(id)));
        const got = all.filter((id) => analytics.seen.has(id)).length;
        teach(got === all.length, {
          expected: `a fourth group (${analytics.groupId}), added later without touching the task service, to receive all ${all.length} events`,
          actual: `it received ${got}`,
          see: SEE_FANOUT,
        });
      } finally {
        open();
        await service.close().catch(() => {});
        await Promise.all(groups.map((g) => g.stop().catch(() => {})));
      }
    },
  );

  test(
    "every event is a complete envelope: id, type, time, source, correlation id, data",
    { timeout: 45_000 },
    async () => {
      const kafka = testKafka();
      const topic = uniqueName("task-envelope");
      await createTopic(kafka, topic, 3);
      const learner = countingKafka(uniqueName("task-service"));
      const service = await within(15_000, "createTaskService", createTaskService(learner.kafka, topic));
      const correlationId = `req-${uniqueName("corr")}`;
      let tasks: Task[];
      try {
        tasks = [
          await within(
            15_000,
            "createTask",
            service.createTask({ title: "Summarise the call", ownerId: "u1" }, { correlationId }),
          ),
          await within(15_000, "createTask", service.createTask({ title: "Draft the reply", ownerId: "u2" })),
        ];
      } finally {
        await within(10_000, "close()", service.close()).catch(() => {});
      }
      await teachClientsClosed(learner, "close()", "lesson 1, section “Exercise: from calls to an event”");
      const records = await readTopic(kafka, topic, 2, { timeoutMs: 8_000 });
      teach(records.length === 2, {
        expected: "one record per createTask call (2)",
        actual: `${records.length} record(s) in the topic${records.length === 0 ? ": createTask published no event" : ""}`,
        see: "lesson 1, section “Exercise: from calls to an event”",
      });
      const envelopes = records.map((r) => {
        let e: Partial<EventEnvelope<Partial<Task>>> = {};
        try {
          e = JSON.parse(r.value ?? "") as Partial<EventEnvelope<Partial<Task>>>;
        } catch {
          teach(false, {
            expected: "each value to be the envelope as JSON",
            actual: `a value was: ${r.value}`,
            see: SEE_ENVELOPE,
          });
        }
        teach(r.key !== null && r.key === e.data?.id, {
          expected: "each record keyed by its task id (lesson 2 shows why the key matters)",
          actual: `key ${JSON.stringify(r.key)} for task ${JSON.stringify(e.data?.id)}`,
          see: SEE_ENVELOPE,
        });
        return e;
      });
      const missing = (e: Partial<EventEnvelope<unknown>>): string[] =>
        (["id", "type", "time", "source", "correlationId", "data"] as const).filter(
          (k) => e[k] === undefined || e[k] === null || e[k] === "",
        );
      for (const e of envelopes) {
        const gaps = missing(e);
        teach(gaps.length === 0, {
          expected: "an envelope with id, type, time, source, correlationId and data",
          actual: `an event without ${gaps.join(", ")}: ${JSON.stringify(e)}`,
          see: SEE_ENVELOPE,
        });
        teach(e.type === "task.created", {
          expected: 'type "task.created"',
          actual: `type ${JSON.stringify(e.type)}`,
          see: SEE_ENVELOPE,
        });
        const t = Date.parse(String(e.time));
        teach(Number.isFinite(t) && Math.abs(Date.now() - t) < 5 * 60_000, {
          expected: "time as an ISO 8601 timestamp of when the task was created",
          actual: `time ${JSON.stringify(e.time)}`,
          see: SEE_ENVELOPE,
        });
      }
      teach(new Set(envelopes.map((e) => e.id)).size === envelopes.length, {
        expected: "a different event id for every event, so consumers can recognise a redelivered one",
        actual: `ids ${envelopes.map((e) => e.id).join(", ")}`,
        see: SEE_ENVELOPE,
      });
      const byTask = new Map(envelopes.map((e) => [e.data?.id, e]));
      const [first, second] = [byTask.get(tasks[0]?.id), byTask.get(tasks[1]?.id)];
      teach(first?.data?.title === "Summarise the call" && second?.data?.title === "Draft the reply", {
        expected: "data to be the created task (id, title, ownerId, createdAt) as createTask returned it",
        actual: `data ${JSON.stringify(envelopes.map((e) => e.data))}`,
        see: SEE_ENVELOPE,
      });
      teach(first?.correlationId === correlationId, {
        expected: `the caller's correlation id (${correlationId}) carried into the event, so one request can be traced through every consumer`,
        actual: `correlationId ${JSON.stringify(first?.correlationId)}`,
        see: SEE_ENVELOPE,
      });
      teach(typeof second?.correlationId === "string" && second.correlationId !== correlationId, {
        expected: "a fresh correlation id when the caller sent none",
        actual: `correlationId ${JSON.stringify(second?.correlationId)}`,
        see: SEE_ENVELOPE,
      });
    },
  );
});
