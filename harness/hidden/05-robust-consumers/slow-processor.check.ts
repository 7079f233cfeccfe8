import { describe, test, type TestContext } from "vitest";
import {
  startSlowProcessor,
  type SlowProcessor,
  type SlowProcessorOptions,
  type TaskEvent,
} from "@exercise/05-robust-consumers/slow-processor.js";
import { createTopic, testKafka, uniqueName, withAdmin, within } from "../../testkit/kafka.js";
import { teachGroupLeft } from "../../testkit/leftovers.js";
import { teach } from "../../testkit/teach.js";

const SEE = "lesson 5, section “Slow work: staying in the group”";
/** The broker's smallest allowed session timeout; four slow events in one batch take far longer. */
const SESSION_MS = 6_000;
const PER_EVENT_MS = 2_500;
const titles = ["Summarise the call", "Draft the reply", "Label the ticket", "Translate the notes"];
const events: readonly TaskEvent[] = titles.map((title, i) => ({
  taskId: `task-${i + 1}`,
  type: "task.created",
  title,
}));

/** Stops `p` when the test ends, however it ends; the tests run side by side, each with its own. */
function stopAtEnd({ onTestFinished }: TestContext, p: SlowProcessor): void {
  onTestFinished(() => within(15_000, "stop()", p.stop()).catch(() => {}));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A topic holding the events, written in one request so the consumer fetches them as one batch. */
async function setup(name: string): Promise<Omit<SlowProcessorOptions, "process">> {
  const kafka = testKafka();
  const topic = uniqueName(`${name}-topic`);
  await createTopic(kafka, topic, 1);
  // Idempotent: a retried send under load must not store the test data twice.
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  await producer.send({ topic, messages: events.map((e) => ({ key: e.taskId, value: JSON.stringify(e) })) });
  await producer.disconnect();
  return { topic, groupId: uniqueName(`${name}-group`), sessionTimeout: SESSION_MS, heartbeatInterval: 1_000 };
}

async function committedOffset(topic: string, groupId: string): Promise<number> {
  const offsets = await withAdmin(testKafka(), (admin) => admin.fetchOffsets({ groupId, topics: [topic] }));
  return Number(offsets[0]?.partitions[0]?.offset ?? -1);
}

// Each test has its own topic and group: they run side by side (the session timeout is the wait here).
describe.concurrent("Slow processor", () => {
  test(
    `processes a batch of slow events (${PER_EVENT_MS / 1000} s each, ${(events.length * PER_EVENT_MS) / 1000} s in all against a ${SESSION_MS / 1000} s session timeout) without a rebalance`,
    { timeout: 45_000 },
    async (ctx) => {
      const s = await setup("slow-batch");
      const done: string[] = [];
      let working = false;
      const process = async (e: TaskEvent) => {
        working = true;
        await sleep(PER_EVENT_MS);
        done.push(e.taskId);
      };
      const p = await within(20_000, "startSlowProcessor", startSlowProcessor(testKafka(), { ...s, process }));
      stopAtEnd(ctx, p);
      // Joins once the work has begun are rejoins (the first join may land after start returns).
      let rejoins = 0;
      let rebalancing = 0;
      p.consumer.on(p.consumer.events.GROUP_JOIN, () => void (working && rejoins++));
      p.consumer.on(p.consumer.events.REBALANCING, () => void rebalancing++);

      let committed = -1;
      const end = Date.now() + 30_000;
      while (Date.now() < end && rejoins + rebalancing === 0 && committed < events.length) {
        await sleep(200);
        committed = await committedOffset(s.topic, s.groupId);
      }
      teach(rejoins + rebalancing === 0, {
        expected: "the member to stay in its group while it works through the batch: no rebalance",
        actual: `the group rebalanced while the batch was being processed (${rejoins} re-join(s) after ${done.length} event(s)): the member sent no heartbeat for longer than the ${SESSION_MS / 1000} s session timeout, so the coordinator dropped it and its partition was handed out again. In eachBatch, call heartbeat() between events`,
        see: SEE,
      });
      const twice = done.filter((id, i) => done.indexOf(id) !== i);
      teach(done.length === events.length && twice.length === 0 && committed === events.length, {
        expected: `each of the ${events.length} events processed once and the group committed at offset ${events.length}`,
        actual: `processed: ${done.join(", ") || "nothing"}; committed offset ${committed}`,
        see: SEE,
      });
    },
  );

  test(
    "stopped part-way through a batch: only the events it finished count as processed",
    { timeout: 45_000 },
    async (ctx) => {
      const s = await setup("slow-stop");
      const done: string[] = [];
      let started = 0;
      const process = async (e: TaskEvent) => {
        started++;
        await sleep(1_000);
        done.push(e.taskId);
      };
      const p = await within(20_000, "startSlowProcessor", startSlowProcessor(testKafka(), { ...s, process }));
      stopAtEnd(ctx, p);
      const end = Date.now() + 15_000;
      while (Date.now() < end && started < 2) await sleep(100);
      await within(15_000, "stop() in the middle of a batch", p.stop());
      await teachGroupLeft(testKafka(), s.groupId, "stop()", SEE);
      const committed = await committedOffset(s.topic, s.groupId);
      teach(committed <= done.length, {
        expected: `after stop() the group's committed offset at most ${done.length}: the events processed before it stopped`,
        actual: `committed offset ${committed} after only ${done.length} event(s) were processed: the events after the stop are lost for the group. With eachBatch, turn eachBatchAutoResolve off and resolveOffset(message.offset) after each processed event; kafkajs otherwise resolves the whole batch when eachBatch returns, even when it stopped part-way`,
        see: SEE,
      });
      teach(done.length < events.length, {
        expected: "the loop to stop between events once the consumer is stopping (check isRunning() and isStale())",
        actual: `it processed all ${events.length} events before stop() returned`,
        see: SEE,
      });
    },
  );
});
