import type { Consumer, Kafka, Producer } from "kafkajs";
import { describe, test } from "vitest";
import { diagnoseLag, type LagPattern, type LagSample } from "@exercise/13-debugging-production/lag-classifier.js";
import { createTopic, testKafka, uniqueName, withAdmin, within } from "../../testkit/kafka.js";
import { countingKafka } from "../../testkit/counting-kafka.js";
import { teachClientsClosed } from "../../testkit/leftovers.js";
import { teach } from "../../testkit/teach.js";

const SEE = "lesson 13, section “Reading lag over time”";
const SAMPLES = 14;
const INTERVAL_MS = 200;
const THRESHOLD = 100;

/** What each wrong answer usually means, for the learner. */
const WHY: Partial<Record<`${LagPattern}->${LagPattern}`, string>> = {
  "stuck->growing":
    "the lag grew, but the committed offset never moved: nothing is being processed at all. A stuck group also shows growing lag; check whether the committed offset moves before calling it slow",
  "stable->stuck":
    "the group has no lag and no new records arrive: an idle group is not stuck. Stuck needs lag that is not being worked off",
  "spiking->stable":
    "the lag jumped in the middle of the window and came back down: a spike. Comparing only the first and last sample hides it; look at the peak",
  "growing->stable": "the lag rose steadily during the window: the consumers fall further behind every second",
};

function show(samples: readonly LagSample[]): string {
  return `lag ${samples.map((s) => s.lag).join(", ")}; committed ${samples.map((s) => s.committed).join(", ")}`;
}

/** A background producer writing `perTick` records every 100 ms until stopped. */
function steadyProducer(kafka: Kafka, topic: string, perTick: number): { producer: Producer; stop(): Promise<void> } {
  const producer = kafka.producer();
  let running = true;
  const loop = (async () => {
    await producer.connect();
    let n = 0;
    while (running) {
      // A send the busy broker refuses is simply tried again on the next tick.
      await producer
        .send({
          topic,
          messages: Array.from({ length: perTick }, () => ({ key: `k${n % 4}`, value: `event ${n++}` })),
        })
        .catch(() => {});
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    producer,
    async stop() {
      running = false;
      await loop.catch(() => {});
      await producer.disconnect();
    },
  };
}

/**
 * A group member that handles each record with `handle`. Resolves once it has committed for the
 * first time, so the window starts with the member at work rather than joining.
 */
async function member(
  kafka: Kafka,
  topic: string,
  groupId: string,
  handle: (n: number) => Promise<void>,
): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, sessionTimeout: 10_000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let n = 0;
  const committed = new Promise<void>((r) => consumer.on(consumer.events.COMMIT_OFFSETS, () => r()));
  await consumer.run({
    autoCommitThreshold: 10,
    autoCommitInterval: 200,
    eachMessage: async () => {
      await handle(n++);
    },
  });
  await within(15_000, "the test's consumer to start and commit", committed);
  return consumer;
}

async function expectPattern(kafka: Kafka, groupId: string, topic: string, want: LagPattern): Promise<void> {
  const learner = countingKafka(uniqueName("lag-watcher"));
  const { pattern, samples } = await within(
    SAMPLES * INTERVAL_MS + 15_000,
    "diagnoseLag",
    diagnoseLag(learner.kafka, { groupId, topic, samples: SAMPLES, intervalMs: INTERVAL_MS, threshold: THRESHOLD }),
  );
  await teachClientsClosed(learner, "diagnoseLag", SEE);
  teach(Array.isArray(samples) && samples.length === SAMPLES, {
    expected: `${SAMPLES} samples`,
    actual: `${Array.isArray(samples) ? samples.length : "no"} samples`,
    see: SEE,
  });
  const span = (samples[SAMPLES - 1]?.atMs ?? 0) - (samples[0]?.atMs ?? 0);
  teach(span >= (SAMPLES - 1) * INTERVAL_MS * 0.8, {
    expected: `samples ${INTERVAL_MS} ms apart, spanning about ${(SAMPLES - 1) * INTERVAL_MS} ms: a pattern is a change over time`,
    actual: `the ${SAMPLES} samples spanned only ${span} ms, so they all show the same moment (${show(samples)})`,
    see: SEE,
  });
  teach(pattern === want, {
    expected: `"${want}" for this group`,
    actual: `"${String(pattern)}"${WHY[`${want}->${pattern}`] ? `: ${WHY[`${want}->${pattern}`]}` : ""} (${show(samples)})`,
    see: SEE,
  });
}

async function setup(partitions = 2): Promise<{ kafka: Kafka; topic: string; groupId: string }> {
  const kafka = testKafka();
  const topic = uniqueName("lag-pattern");
  await createTopic(kafka, topic, partitions);
  const groupId = uniqueName("lag-group");
  // Leaders are elected, but on a busy or fresh broker the partitions' logs and the group
  // coordinator (__consumer_offsets) may still be loading: wait until both answer.
  const ready = () =>
    withAdmin(kafka, async (admin) => {
      await admin.fetchTopicOffsets(topic);
      await admin.fetchOffsets({ groupId, topics: [topic] });
    }).then(
      () => true,
      () => false,
    );
  await within(
    20_000,
    "the test topic and the group coordinator to answer",
    (async () => {
      while (!(await ready())) await sleep(100);
    })(),
  );
  return { kafka, topic, groupId };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe.concurrent("Lag patterns, made for real on the broker", () => {
  test("stable: consumers keep up with a steady stream", async () => {
    const { kafka, topic, groupId } = await setup();
    const traffic = steadyProducer(kafka, topic, 5);
    const consumer = await member(kafka, topic, groupId, async () => {});
    try {
      await expectPattern(kafka, groupId, topic, "stable");
    } finally {
      await traffic.stop();
      await consumer.disconnect();
    }
  });

  test("stable: an idle group that has read everything", async () => {
    const { kafka, topic, groupId } = await setup();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: Array.from({ length: 30 }, (_, i) => ({ key: `k${i % 4}`, value: `e${i}` })),
    });
    await producer.disconnect();
    const consumer = await member(kafka, topic, groupId, async () => {});
    // Wait until everything is committed, then leave the group: no lag, no traffic.
    const caughtUp = async (): Promise<boolean> => {
      const [group] = await withAdmin(kafka, (admin) => admin.fetchOffsets({ groupId, topics: [topic] }));
      return (group?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0) === 30;
    };
    await within(
      10_000,
      "the test's consumer to catch up",
      (async () => {
        while (!(await caughtUp())) await sleep(100);
      })(),
    );
    await consumer.disconnect();
    await expectPattern(kafka, groupId, topic, "stable");
  });

  test("growing: consumers slower than the producers", async () => {
    const { kafka, topic, groupId } = await setup();
    const traffic = steadyProducer(kafka, topic, 30);
    const consumer = await member(kafka, topic, groupId, () => sleep(10));
    try {
      await expectPattern(kafka, groupId, topic, "growing");
    } finally {
      await traffic.stop();
      await consumer.disconnect();
    }
  });

  test("spiking: a burst while the consumers were paused, then worked off", async () => {
    const { kafka, topic, groupId } = await setup();
    const traffic = steadyProducer(kafka, topic, 2);
    const consumer = await member(kafka, topic, groupId, async () => {});
    const burst = (async () => {
      await sleep(600);
      consumer.pause([{ topic }]);
      await traffic.producer.send({
        topic,
        messages: Array.from({ length: 400 }, (_, i) => ({ key: `burst-${i % 8}`, value: `burst ${i}` })),
      });
      await sleep(800);
      consumer.resume([{ topic }]);
    })();
    try {
      await expectPattern(kafka, groupId, topic, "spiking");
    } finally {
      await burst;
      await traffic.stop();
      await consumer.disconnect();
    }
  });

  test("stuck: the group's consumer hangs on one record while records keep arriving", async () => {
    const { kafka, topic, groupId } = await setup(1);
    const traffic = steadyProducer(kafka, topic, 10);
    let release: () => void = () => {};
    const hung = new Promise<void>((r) => (release = r));
    let reached: () => void = () => {};
    const atHang = new Promise<void>((r) => (reached = r));
    // It commits every 10 records; the 25th hangs, after the commit of the first 20.
    const consumer = await member(kafka, topic, groupId, (n) => {
      if (n < 24) return Promise.resolve();
      reached();
      return hung;
    });
    try {
      await within(10_000, "the test's consumer to reach the hanging record", atHang);
      await sleep(300); // the last commit before the hang has landed
      await expectPattern(kafka, groupId, topic, "stuck");
    } finally {
      release();
      await traffic.stop();
      await consumer.disconnect();
    }
  });
});
