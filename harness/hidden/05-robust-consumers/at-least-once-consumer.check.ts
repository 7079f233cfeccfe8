import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test, type TestContext } from "vitest";
import {
  startAtLeastOnceConsumer,
  type AtLeastOnceOptions,
  type RunningConsumer,
  type TaskEvent,
} from "@exercise/05-robust-consumers/at-least-once.js";
import { createTopic, testKafka, uniqueName, withAdmin, within } from "../../testkit/kafka.js";
import { kafkaArg, recorded, recorderArg, startLearnerProcess } from "../../testkit/learner-process.js";
import { teachGroupLeft } from "../../testkit/leftovers.js";
import { teach } from "../../testkit/teach.js";

const SEE = "lesson 5, section “At-least-once: commit after processing”";
/** The broker's smallest allowed session timeout: a frozen instance leaves the group this fast. */
const SESSION_MS = 6_000;
const titles = ["Summarise the call", "Draft the reply", "Label the ticket", "Translate the notes", "Rank the leads"];
const events: readonly TaskEvent[] = titles.map((title, i) => ({
  taskId: `task-${i + 1}`,
  type: "task.created",
  title,
}));

/** What one scenario started; the scenarios run concurrently, so each cleans up only its own. */
interface Scope {
  readonly running: RunningConsumer[];
}

function scope({ onTestFinished }: TestContext): Scope {
  const sc: Scope = { running: [] };
  onTestFinished(async () => {
    await Promise.all(sc.running.splice(0).map((c) => within(15_000, "stop()", c.stop()).catch(() => {})));
  });
  return sc;
}

async function setup(name: string): Promise<Omit<AtLeastOnceOptions, "handle">> {
  const kafka = testKafka();
  const topic = uniqueName(`${name}-topic`);
  await createTopic(kafka, topic, 1);
  // Idempotent: a retried send under load must not store the test data twice.
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  await producer.send({ topic, messages: events.map((e) => ({ key: e.taskId, value: JSON.stringify(e) })) });
  await producer.disconnect();
  return { topic, groupId: uniqueName(`${name}-group`), sessionTimeout: SESSION_MS };
}

async function start(sc: Scope, opts: AtLeastOnceOptions, what: string): Promise<RunningConsumer> {
  const c = await within(20_000, `startAtLeastOnceConsumer (${what})`, startAtLeastOnceConsumer(testKafka(), opts));
  sc.running.push(c);
  return c;
}

async function until(ms: number, ok: () => boolean): Promise<boolean> {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  return ok();
}

async function committedOffset(topic: string, groupId: string): Promise<number> {
  const offsets = await withAdmin(testKafka(), (admin) => admin.fetchOffsets({ groupId, topics: [topic] }));
  return Number(offsets[0]?.partitions[0]?.offset ?? -1);
}

/** Every event processed to the end by some instance; duplicates are fine, gaps are not. */
async function expectNothingLost(
  finished: () => ReadonlySet<string>,
  s: { topic: string; groupId: string },
  after: string,
) {
  // Wait until everything is done, or the group has committed past the end (nothing more will come).
  const end = Date.now() + 20_000;
  let committed = -1;
  while (!events.every((e) => finished().has(e.taskId)) && Date.now() < end) {
    committed = await committedOffset(s.topic, s.groupId);
    if (committed >= events.length) {
      await new Promise((r) => setTimeout(r, 300));
      break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const done = finished();
  const lost = events.map((e) => e.taskId).filter((id) => !done.has(id));
  if (lost.length > 0) committed = await committedOffset(s.topic, s.groupId);
  teach(lost.length === 0, {
    expected: `every one of the ${events.length} events processed successfully at least once, even after ${after}`,
    actual: `lost after ${after}: ${lost.join(", ")} never finished processing, yet the group's committed offset is ${committed}, past it. The offset was committed before processing finished (committed before processing), or a failed event was caught and committed anyway (an error swallowed): commit an event's offset only after it was processed`,
    see: SEE,
  });
}

describe.concurrent("At-least-once consumer", () => {
  test("hands every event to handle and commits the group's position after processing", async (ctx) => {
    const sc = scope(ctx);
    const s = await setup("alo-basic");
    const done: string[] = [];
    await start(sc, { ...s, handle: async (e) => void done.push(e.taskId) }, "first");
    await until(15_000, () => done.length >= events.length);
    teach(done.length === events.length, {
      expected: `each of the ${events.length} events handed to handle once`,
      actual: `handle saw ${done.length} within 15 s: ${done.join(", ") || "nothing"}${done.length === 0 ? ". The events were written before your consumer joined: without fromBeginning: true a new group starts at the end of the log" : ""}`,
      see: SEE,
    });
    let committed = -1;
    const end = Date.now() + 5_000;
    while (Date.now() < end && (committed = await committedOffset(s.topic, s.groupId)) !== events.length) {
      await new Promise((r) => setTimeout(r, 200));
    }
    teach(committed === events.length, {
      expected: `group ${s.groupId} at committed offset ${events.length} (the next event to read) once all are processed`,
      actual: committed < 0 ? "the group committed nothing" : `committed offset ${committed}`,
      see: SEE,
    });
    await within(15_000, "stop()", sc.running.splice(0)[0]?.stop() ?? Promise.resolve());
    await teachGroupLeft(testKafka(), s.groupId, "stop()", SEE);
  });

  test(
    "handle throws for one event, the instance is stopped and restarted: nothing is lost",
    { timeout: 45_000 },
    async (ctx) => {
      const sc = scope(ctx);
      const s = await setup("alo-throw");
      const done = new Set<string>();
      let attempts = 0;
      let down = true;
      const first = await start(
        sc,
        {
          ...s,
          handle: async (e) => {
            if (e.taskId === "task-3" && down) {
              attempts += 1;
              throw new Error("the notification service answered 503");
            }
            done.add(e.taskId);
          },
        },
        "first",
      );
      teach(await until(15_000, () => attempts > 0), {
        expected: "handle to be called for task-3",
        actual: `handle finished ${[...done].join(", ") || "nothing"} and was never called for task-3`,
        see: SEE,
      });
      // Give a consumer that carries on past the failure the time to do so.
      await until(1_000, () => done.has("task-5"));
      await within(15_000, "stop() of the failing instance", first.stop());
      sc.running.splice(sc.running.indexOf(first), 1);
      await teachGroupLeft(testKafka(), s.groupId, "stop()", SEE);
      // The service is back; should a restart of the stopped instance race with stop(), it now succeeds too.
      down = false;

      await start(sc, { ...s, handle: async (e) => void done.add(e.taskId) }, "restarted");
      await expectNothingLost(() => done, s, "a failed handle and a restart");
    },
  );

  test(
    "the instance dies in the middle of an event (no shutdown, no commit), another takes over: nothing is lost",
    { timeout: 60_000 },
    async (ctx) => {
      const s = await setup("alo-crash");
      // The crashing instance runs in a process of its own and is killed: nothing it kept in memory survives.
      const file = join(tmpdir(), `${uniqueName("alo-crash")}.jsonl`);
      const crashing = await startLearnerProcess({
        module: "@exercise/05-robust-consumers/at-least-once.js",
        exportName: "startAtLeastOnceConsumer",
        args: [kafkaArg, { ...s, handle: recorderArg(file, { hangOn: '"taskId":"task-3"' }) }],
      });
      ctx.onTestFinished(() => crashing.kill());
      teach(await until(20_000, () => recorded(file).hung.length > 0), {
        expected: "the first instance (in a process of its own) to hand task-3 to handle",
        actual: `its handle saw ${
          recorded<TaskEvent>(file)
            .values.map((e) => e.taskId)
            .join(", ") || "nothing"
        } within 20 s`,
        see: SEE,
      });
      await crashing.kill();
      // The successor is another process too: memory the check's own process shares with the
      // other scenarios (a module-level Map of "pending" events) cannot hand it the lost event.
      const next = join(tmpdir(), `${uniqueName("alo-successor")}.jsonl`);
      const successor = await startLearnerProcess({
        module: "@exercise/05-robust-consumers/at-least-once.js",
        exportName: "startAtLeastOnceConsumer",
        args: [kafkaArg, { ...s, handle: recorderArg(next) }],
      });
      ctx.onTestFinished(async () => {
        await within(15_000, "stop() of the successor", successor.call("stop")).catch(() => {});
        await successor.exit();
      });
      const finished = () =>
        new Set([...recorded<TaskEvent>(file).values, ...recorded<TaskEvent>(next).values].map((e) => e.taskId));
      await expectNothingLost(finished, s, "a crash in the middle of processing");
    },
  );
});
