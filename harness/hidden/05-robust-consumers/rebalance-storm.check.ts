import { afterEach, describe, test } from "vitest";
import { startLongTaskWorker, type LongTaskWorker, type TaskEvent } from "@exercise/05-robust-consumers/long-task.js";
import { countingKafka } from "../../testkit/counting-kafka.js";
import { createTopic, testKafka, uniqueName, withAdmin, within } from "../../testkit/kafka.js";
import { teach } from "../../testkit/teach.js";

const SEE = "lesson 5, section “Rebalancing storms”";
/** The broker's smallest allowed session timeout. */
const SESSION_MS = 6_000;
const HEARTBEAT_MS = 1_000;
/** One task outlasts the session timeout by a margin no scheduling delay can close. */
const LONG_MS = SESSION_MS + 2_500;
const events: readonly TaskEvent[] = [
  { taskId: "task-1", type: "task.created", title: "Transcribe the two-hour meeting" },
  { taskId: "task-2", type: "task.created", title: "Label the ticket" },
  { taskId: "task-3", type: "task.created", title: "Draft the reply" },
];

const running: LongTaskWorker[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((w) => within(15_000, "stop()", w.stop()).catch(() => {})));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function committedOffset(topic: string, groupId: string): Promise<number> {
  const offsets = await withAdmin(testKafka(), (admin) => admin.fetchOffsets({ groupId, topics: [topic] }));
  return Number(offsets[0]?.partitions[0]?.offset ?? -1);
}

describe("A worker with one task longer than the session timeout", () => {
  test(
    `stays in its group through a ${LONG_MS / 1000} s task against a ${SESSION_MS / 1000} s session timeout: no rejoin, each task once`,
    { timeout: 45_000 },
    async () => {
      const kafka = testKafka();
      const topic = uniqueName("storm-topic");
      const groupId = uniqueName("storm-group");
      await createTopic(kafka, topic, 1);
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic, messages: events.map((e) => ({ key: e.taskId, value: JSON.stringify(e) })) });
      await producer.disconnect();

      const counting = countingKafka("storm-worker");
      const done: string[] = [];
      const process = async (e: TaskEvent) => {
        await sleep(e.taskId === "task-1" ? LONG_MS : 100);
        done.push(e.taskId);
      };
      const worker = await within(
        20_000,
        "startLongTaskWorker",
        startLongTaskWorker(counting.kafka, {
          topic,
          groupId,
          process,
          sessionTimeout: SESSION_MS,
          heartbeatInterval: HEARTBEAT_MS,
        }),
      );
      running.push(worker);

      let committed = -1;
      const end = Date.now() + LONG_MS + 15_000;
      while (Date.now() < end && counting.counts.rejoins === 0 && committed < events.length) {
        await sleep(300);
        committed = await committedOffset(topic, groupId);
      }
      teach(counting.counts.rejoins === 0, {
        expected: `the member to stay in its group while one task runs ${LONG_MS / 1000} s: no rejoin`,
        actual: `it rejoined its group ${counting.counts.rejoins} time(s) (done so far: ${done.join(", ") || "nothing"}): the coordinator heard no heartbeat for the ${SESSION_MS / 1000} s session timeout while the task ran, dropped the member and rebalanced, and the task starts over. Every long task repeats that, for every member of the group: a rebalancing storm. Heartbeat between events is not enough; heartbeat from a timer while the task runs (or pause the partition and run it outside the loop)`,
        see: SEE,
      });
      const twice = done.filter((id, i) => done.indexOf(id) !== i);
      teach(done.length === events.length && twice.length === 0 && committed === events.length, {
        expected: `each of the ${events.length} tasks processed once and the group committed at offset ${events.length}`,
        actual: `processed: ${done.join(", ") || "nothing"}; committed offset ${committed}`,
        see: SEE,
      });
    },
  );
});
