import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { hostname } from "node:os";
import { join } from "node:path";
import { ConfigResourceTypes, type Kafka } from "kafkajs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  KAFKA_IMAGE,
  KafkaCourseContainer,
  OWNER_HOST_LABEL,
  OWNER_PID_LABEL,
  type StartedKafkaCourseContainer,
} from "./container-kafka.js";
import { removeOrphanedContainers } from "./container-provider.js";
import { describeContainerRuntime } from "./container-runtime.js";
import { PROJECT_ROOT } from "../testing/course-root.js";
import { kafkaClient } from "./probe.js";

/**
 * The Testcontainers path against a real engine and the pinned image. Where no engine answers
 * (the main CI run) it is skipped; scripts/ci-containers.sh sets KAFKA_COURSE_REQUIRE_CONTAINERS=1
 * so that there a missing engine or image is a failure, never a skip.
 */
const required = process.env.KAFKA_COURSE_REQUIRE_CONTAINERS === "1";
const runtime = await describeContainerRuntime({
  ...process.env,
  KAFKA_BOOTSTRAP_SERVERS: undefined,
  KAFKA_COURSE_PROVIDER: undefined,
});
// Outside the container CI job, never pull the image just to run these tests.
const runnable = runtime.used && runtime.imagePresent !== false;

test.runIf(required && !runnable)("a container engine with the pinned image is available", () => {
  expect.fail(`KAFKA_COURSE_REQUIRE_CONTAINERS=1 but: ${runtime.reason} (image present: ${runtime.imagePresent})`);
});

const name = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

describe.runIf(runnable)(`the Testcontainers provider with ${KAFKA_IMAGE}`, () => {
  let kafka: StartedKafkaCourseContainer;
  let client: Kafka;

  beforeAll(async () => {
    kafka = await new KafkaCourseContainer().withProxiedListener().start();
    client = kafkaClient(kafka.getConnection());
  }, 120_000);

  afterAll(async () => {
    await kafka?.stop();
  }, 30_000);

  test("advertises the port published on this host, configured from KAFKA_* variables", async () => {
    const admin = client.admin();
    await admin.connect();
    try {
      const cluster = await admin.describeCluster();
      expect(cluster.brokers.map((b) => `${b.host}:${b.port}`)).toEqual([kafka.getBootstrapServers()]);
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.BROKER, name: "1" }],
      });
      const config = Object.fromEntries(resources[0]!.configEntries.map((e) => [e.configName, e.configValue]));
      expect(config["inter.broker.listener.name"]).toBe("BROKER");
      expect(config["transaction.abort.timed.out.transaction.cleanup.interval.ms"]).toBe("5000");
      expect(config["group.initial.rebalance.delay.ms"]).toBe("0");
    } finally {
      await admin.disconnect();
    }
  });

  test("produce and consume: keys, values and headers round-trip", { timeout: 30_000 }, async () => {
    const topic = name("tc-roundtrip");
    const producer = client.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: "k", value: "v", headers: { trace: "t1" } }] });
    await producer.disconnect();
    const [record] = await consumeFrom(client, topic, name("tc-reader"), 1);
    expect(record).toEqual({ key: "k", value: "v", trace: "t1" });
  });

  test("a consumer group commits offsets and a restarted member resumes after them", { timeout: 45_000 }, async () => {
    const topic = name("tc-group");
    const group = name("tc-group");
    const producer = client.producer();
    await producer.connect();
    await producer.send({ topic, messages: ["a", "b", "c"].map((value) => ({ value })) });
    expect((await consumeFrom(client, topic, group, 3)).map((r) => r.value)).toEqual(["a", "b", "c"]);
    const admin = client.admin();
    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    await admin.disconnect();
    expect(committed?.partitions[0]?.offset).toBe("3");
    await producer.send({ topic, messages: [{ value: "d" }] });
    await producer.disconnect();
    expect((await consumeFrom(client, topic, group, 1)).map((r) => r.value)).toEqual(["d"]);
  });

  test("an idempotent producer writes each record once, in order", { timeout: 30_000 }, async () => {
    const topic = name("tc-idempotent");
    const producer = client.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (const value of ["1", "2", "3"]) await producer.send({ topic, acks: -1, messages: [{ value }] });
    await producer.disconnect();
    expect((await consumeFrom(client, topic, name("tc-reader"), 3)).map((r) => r.value)).toEqual(["1", "2", "3"]);
  });

  test(
    "a transaction commits output and the group's offsets together; an aborted one stays invisible",
    {
      timeout: 45_000,
    },
    async () => {
      const input = name("tc-tx-in");
      const output = name("tc-tx-out");
      const group = name("tc-tx-group");
      const admin = client.admin();
      await admin.connect();
      await admin.createTopics({ topics: [input, output].map((topic) => ({ topic })), waitForLeaders: true });
      const plain = client.producer();
      await plain.connect();
      await plain.send({ topic: input, messages: [{ value: "x" }, { value: "y" }] });
      await plain.disconnect();

      const producer = client.producer({ transactionalId: name("tc-tx"), idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      const committed = await producer.transaction();
      await committed.send({ topic: output, messages: [{ value: "X" }, { value: "Y" }] });
      await committed.sendOffsets({
        consumerGroupId: group,
        topics: [{ topic: input, partitions: [{ partition: 0, offset: "2" }] }],
      });
      await committed.commit();
      const aborted = await producer.transaction();
      await aborted.send({ topic: output, messages: [{ value: "aborted" }] });
      await aborted.abort();
      // A committed record after the aborted one: a reader that reaches it has passed the abort.
      const after = await producer.transaction();
      await after.send({ topic: output, messages: [{ value: "Z" }] });
      await after.commit();
      await producer.disconnect();

      const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [input] });
      await admin.disconnect();
      expect(offsets?.partitions[0]?.offset).toBe("2");
      const seen = await consumeFrom(client, output, name("tc-reader"), 3);
      expect(seen.map((r) => r.value)).toEqual(["X", "Y", "Z"]);
    },
  );

  test(
    "lesson 4's proxied listener is reachable through a proxy on its advertised port",
    { timeout: 30_000 },
    async () => {
      const listener = kafka.getProxiedListener();
      expect(listener).toBeDefined();
      const proxy = await tcpProxy(listener!.advertisedPort, listener!.host, listener!.port);
      try {
        const viaProxy = kafkaClient({ brokers: [`127.0.0.1:${listener!.advertisedPort}`] });
        const topic = name("tc-proxied");
        const producer = viaProxy.producer();
        await producer.connect();
        await producer.send({ topic, messages: [{ value: "through the proxy" }] });
        await producer.disconnect();
        expect(proxy.connections()).toBeGreaterThan(0);
        expect((await consumeFrom(client, topic, name("tc-reader"), 1)).map((r) => r.value)).toEqual([
          "through the proxy",
        ]);
      } finally {
        await proxy.close();
      }
    },
  );

  test("containers left by a process that died are removed; live ones are kept", { timeout: 60_000 }, async () => {
    const { GenericContainer, Wait, getContainerRuntimeClient } = await import("testcontainers");
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid;
    const orphan = await new GenericContainer(KAFKA_IMAGE)
      .withCommand(["sh", "-c", "echo orphan-ready; exec sleep 300"])
      // Publishing the image's exposed port keeps Podman's port check satisfied.
      .withExposedPorts(9092)
      .withWaitStrategy(Wait.forLogMessage("orphan-ready"))
      .withLabels({ [OWNER_PID_LABEL]: String(dead), [OWNER_HOST_LABEL]: hostname() })
      .start();
    const removed = await removeOrphanedContainers();
    expect(removed).toContain(orphan.getId());
    expect(removed).not.toContain(kafka.getId());
    const ids = (await (await getContainerRuntimeClient()).container.list()).map((c) => c.Id);
    expect(ids).not.toContain(orphan.getId());
  });
});

describe.runIf(runnable)("stopping the container", () => {
  /** Runs container-child.ts (with `mode`) and returns whether its container still exists, running or not. */
  async function containerLeftBy(mode?: "stopping"): Promise<boolean> {
    const { getContainerRuntimeClient } = await import("testcontainers");
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", join(PROJECT_ROOT, "harness/broker/container-child.ts"), ...(mode ? [mode] : [])],
      { encoding: "utf8", timeout: 110_000 },
    );
    expect(child.status, child.stderr).toBe(0);
    const { containerId } = JSON.parse(child.stdout.trim().split("\n").pop() ?? "{}") as { containerId: string };
    expect(containerId).toMatch(/^[0-9a-f]{64}$/);
    const client = await getContainerRuntimeClient();
    return client.container
      .getById(containerId)
      .inspect()
      .then(
        () => true,
        (e: { statusCode?: number }) => (e.statusCode === 404 ? false : Promise.reject(e as Error)),
      );
  }

  test("a process that exits without stopping its broker leaves no container", { timeout: 120_000 }, async () => {
    expect(await containerLeftBy()).toBe(false);
  });

  // As vitest does when a global teardown outlasts its teardownTimeout: process.exit() mid-stop.
  test("a process that exits while its broker is stopping leaves no container", { timeout: 120_000 }, async () => {
    expect(await containerLeftBy("stopping")).toBe(false);
  });

  test("removes the container: nothing is left for Ryuk to clean", { timeout: 120_000 }, async () => {
    const { getContainerRuntimeClient } = await import("testcontainers");
    const started = await new KafkaCourseContainer().start();
    const id = started.getId();
    await started.stop();
    const ids = (await (await getContainerRuntimeClient()).container.list()).map((c) => c.Id);
    expect(ids).not.toContain(id);
  });
});

interface Seen {
  readonly key: string | null;
  readonly value: string | null;
  readonly trace?: string;
}

/** Reads with `groupId` (committing as it goes) until `count` records arrive or `timeoutMs` passes. */
async function consumeFrom(kafka: Kafka, topic: string, groupId: string, count: number, timeoutMs = 15_000) {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  const seen: Seen[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const trace = message.headers?.trace?.toString();
          seen.push({
            key: message.key?.toString() ?? null,
            value: message.value?.toString() ?? null,
            ...(trace && { trace }),
          });
          if (seen.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

/** A plain TCP forwarder, as lesson 4's fault-injecting proxy is when it injects nothing. */
async function tcpProxy(listenPort: number, host: string, port: number) {
  let count = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((inbound) => {
    count++;
    const outbound = createConnection({ host, port });
    sockets.add(inbound).add(outbound);
    inbound.pipe(outbound).pipe(inbound);
    const close = (): void => {
      inbound.destroy();
      outbound.destroy();
    };
    inbound.on("error", close).on("close", close);
    outbound.on("error", close).on("close", close);
  });
  await new Promise<void>((r) => server.listen(listenPort, "127.0.0.1", r));
  return {
    connections: () => count,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
