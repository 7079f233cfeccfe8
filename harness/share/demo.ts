import { randomUUID } from "node:crypto";
import { Admin } from "@platformatic/kafka";
import { kafkaClient } from "../broker/probe.js";
import type { KafkaConnection } from "../broker/types.js";
import { platformaticOptions } from "../testkit/platformatic.js";
import {
  runShareConsumer,
  shareToolsClasspath,
  type Acknowledgement,
  type ShareRecord,
} from "./console-share-consumer.js";

/** What each round of the demo received, in order. */
export interface ShareDemoResult {
  readonly topic: string;
  readonly group: string;
  readonly rounds: readonly { readonly title: string; readonly records: readonly ShareRecord[] }[];
}

const TASKS = 5;

/**
 * Lesson 14's share-group demo on a real broker: five AI tasks on a topic with ONE partition,
 * consumed by a share group with Kafka's own console share consumer. Round 1 releases every task
 * (the worker gives up; the broker hands the tasks out again), round 2 runs two consumers at once
 * on that one partition and accepts: every task comes back once more, with delivery count 2.
 */
export async function runShareDemo(connection: KafkaConnection, say: (line: string) => void): Promise<ShareDemoResult> {
  const id = randomUUID().slice(0, 8);
  const topic = `ai-tasks-${id}`;
  const group = `summarisers-${id}`;
  const kafka = kafkaClient(connection, "share-demo");
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  // A share group starts at the log end unless told otherwise: a group config, set like
  // `kafka-configs.sh --alter --entity-type groups --entity-name <group> --add-config share.auto.offset.reset=earliest`.
  const configs = new Admin(platformaticOptions(connection, "share-demo-admin"));
  try {
    await configs.incrementalAlterConfigs({
      resources: [
        {
          resourceType: 32, // GROUP
          resourceName: group,
          configs: [{ name: "share.auto.offset.reset", value: "earliest", configOperation: 0 }],
        },
      ],
    });
  } finally {
    await configs.close();
  }
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  await producer.send({
    topic,
    messages: Array.from({ length: TASKS }, (_, i) => ({ key: `task-${i + 1}`, value: `summarise document ${i + 1}` })),
  });
  await producer.disconnect();
  say(`topic ${topic} (1 partition) holds ${TASKS} tasks; share group ${group}`);

  const classpath = await shareToolsClasspath(say);
  const consume = (acknowledge: Acknowledgement, maxMessages: number, idleTimeoutMs: number) =>
    runShareConsumer(classpath, connection, { topic, group, acknowledge, maxMessages, idleTimeoutMs });
  const rounds: { title: string; records: ShareRecord[] }[] = [];
  const round = async (title: string, run: Promise<ShareRecord[][]>) => {
    say(title);
    const t0 = Date.now();
    const got = (await run).flat();
    say(`  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    for (const r of got) say(`  offset ${r.offset}  delivery ${r.delivery}  ${r.key}: ${r.value}`);
    if (got.length === 0) say("  (nothing)");
    rounds.push({ title, records: got });
  };
  await round(
    "1. one consumer receives every task and RELEASES it (--release): back to the group",
    Promise.all([consume("release", TASKS, 15_000)]),
  );
  await round(
    "2. two consumers at once on the one partition, ACCEPTING (the default): each task is delivered again, to one of them",
    Promise.all([consume("accept", TASKS, 3_000), consume("accept", TASKS, 3_000)]),
  );
  return { topic, group, rounds };
}
