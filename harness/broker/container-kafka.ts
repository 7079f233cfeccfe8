import { hostname } from "node:os";
import type { StartedTestContainer } from "testcontainers";
import { waitUntilAcceptsProduce } from "./container-ready.js";
import { freePort } from "./ports.js";
import type { KafkaConnection } from "./types.js";

/**
 * The one place the image is pinned: the official image of the Kafka version the JVM provider's
 * pom resolves. KAFKA_COURSE_IMAGE swaps it (a mirror, or a locally built equivalent).
 */
export const KAFKA_IMAGE = process.env.KAFKA_COURSE_IMAGE ?? "apache/kafka:4.4.0";

/** Labels on every container the course starts, so leftovers of a killed run can be found. */
export const OWNER_PID_LABEL = "org.kafka-course.owner-pid";
export const OWNER_HOST_LABEL = "org.kafka-course.owner-host";

/** Listener ports inside the container; only PLAINTEXT (and PROXIED) are published. */
const PLAINTEXT_PORT = 9092;
const CONTROLLER_PORT = 9093;
const PROXIED_PORT = 9094;
const BROKER_PORT = 9095;

const STARTER_SCRIPT = "/tmp/kafka-course-start.sh";
const WAITING_MESSAGE = "kafka-course: waiting for the start script";

/**
 * Settings for one combined KRaft node in the official image's KAFKA_* form. Advertised
 * listeners come later, from the start script, once the published ports are known.
 */
export function kafkaImageEnv(options: { proxied: boolean }): Record<string, string> {
  const listeners = [
    `PLAINTEXT://0.0.0.0:${PLAINTEXT_PORT}`,
    `BROKER://0.0.0.0:${BROKER_PORT}`,
    `CONTROLLER://0.0.0.0:${CONTROLLER_PORT}`,
  ];
  const protocols = ["PLAINTEXT:PLAINTEXT", "BROKER:PLAINTEXT", "CONTROLLER:PLAINTEXT"];
  if (options.proxied) {
    listeners.push(`PROXIED://0.0.0.0:${PROXIED_PORT}`);
    protocols.push("PROXIED:PLAINTEXT");
  }
  return {
    KAFKA_NODE_ID: "1",
    KAFKA_PROCESS_ROLES: "broker,controller",
    KAFKA_LISTENERS: listeners.join(","),
    KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
    KAFKA_INTER_BROKER_LISTENER_NAME: "BROKER",
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: protocols.join(","),
    KAFKA_CONTROLLER_QUORUM_VOTERS: `1@localhost:${CONTROLLER_PORT}`,
    KAFKA_LOG_DIRS: "/var/lib/kafka/data",
    KAFKA_NUM_PARTITIONS: "1",
    KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "1",
    KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: "1",
    KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: "1",
    KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: "1",
    KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS: "1",
    KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: "1",
    KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: "1",
    // Tests start consumers and expect assignment now, not after the default 3 s delay.
    KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "0",
    // As the local broker (kraft-config.ts): checks may give consumers sessions down to 1 s.
    KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS: "1000",
    KAFKA_AUTO_CREATE_TOPICS_ENABLE: "true",
    KAFKA_TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS: "5000",
    KAFKA_NUM_NETWORK_THREADS: "2",
    KAFKA_NUM_IO_THREADS: "4",
    // The same small, quick-starting JVM as the local provider's, not the image's 1 GB heap.
    KAFKA_HEAP_OPTS: "-Xms256m -Xmx768m",
    KAFKA_JVM_PERFORMANCE_OPTS: "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true",
  };
}

/** The fault-injection listener (lesson 4): a proxy on `advertisedPort` forwards to `host:port`. */
export interface ProxiedListener {
  readonly host: string;
  readonly port: number;
  readonly advertisedPort: number;
}

/**
 * A single-node KRaft Kafka in a container, in the style of the Testcontainers modules:
 * `new KafkaCourseContainer().withProxiedListener().start()` → a handle with `getBootstrapServers()`.
 * (`@testcontainers/kafka` drives Confluent's images only, so it cannot run apache/kafka.)
 */
export class KafkaCourseContainer {
  private proxied = false;
  private startupTimeoutMs = 90_000;
  private readonly extraEnv: Record<string, string> = {};

  constructor(private readonly image: string = KAFKA_IMAGE) {}

  /** Adds the PROXIED listener lesson 4's fault-injecting proxy sits in front of. */
  withProxiedListener(): this {
    this.proxied = true;
    return this;
  }

  withEnvironment(env: Record<string, string>): this {
    Object.assign(this.extraEnv, env);
    return this;
  }

  withStartupTimeout(ms: number): this {
    this.startupTimeoutMs = ms;
    return this;
  }

  async start(signal?: AbortSignal): Promise<StartedKafkaCourseContainer> {
    const { GenericContainer, Wait } = await import("testcontainers");
    const ports = this.proxied ? [PLAINTEXT_PORT, PROXIED_PORT] : [PLAINTEXT_PORT];
    // The broker must advertise the host's published port, which is known only once the
    // container runs: it waits for a start script that exports the advertised listeners.
    const container = await new GenericContainer(this.image)
      .withEnvironment({ ...kafkaImageEnv({ proxied: this.proxied }), ...this.extraEnv })
      .withExposedPorts(...ports)
      .withLabels({ [OWNER_PID_LABEL]: String(process.pid), [OWNER_HOST_LABEL]: hostname() })
      .withCommand([
        "sh",
        "-c",
        `echo '${WAITING_MESSAGE}'; while [ ! -f ${STARTER_SCRIPT} ]; do sleep 0.05; done; exec sh ${STARTER_SCRIPT}`,
      ])
      .withWaitStrategy(Wait.forLogMessage(WAITING_MESSAGE))
      .withStartupTimeout(this.startupTimeoutMs)
      .start();
    try {
      const host = brokerHost(container.getHost());
      const proxied = this.proxied
        ? { host, port: container.getMappedPort(PROXIED_PORT), advertisedPort: await freePort() }
        : undefined;
      const advertised = [
        `PLAINTEXT://${host}:${container.getMappedPort(PLAINTEXT_PORT)}`,
        `BROKER://${container.getHostname()}:${BROKER_PORT}`,
        ...(proxied ? [`PROXIED://${proxied.host}:${proxied.advertisedPort}`] : []),
      ];
      const script = [
        `export KAFKA_ADVERTISED_LISTENERS='${advertised.join(",")}'`,
        // The image's own start command: configure from KAFKA_*, format storage, run the broker.
        "exec /etc/kafka/docker/run",
        "",
      ].join("\n");
      await container.copyContentToContainer([{ content: script, target: STARTER_SCRIPT, mode: 0o755 }]);
      const started = new StartedKafkaCourseContainer(container, host, proxied);
      await waitUntilAcceptsProduce(started.getConnection(), this.startupTimeoutMs, signal);
      return started;
    } catch (e) {
      const logs = await containerLogTail(container);
      await container.stop({ timeout: 0 }).catch(() => {});
      throw Object.assign(e instanceof Error ? e : new Error(String(e)), { logTail: logs });
    }
  }
}

export class StartedKafkaCourseContainer {
  constructor(
    private readonly container: StartedTestContainer,
    private readonly host: string,
    private readonly proxied: ProxiedListener | undefined,
  ) {}

  /** `host:port` a client on this machine bootstraps from. */
  getBootstrapServers(): string {
    return `${this.host}:${this.container.getMappedPort(PLAINTEXT_PORT)}`;
  }

  getConnection(): KafkaConnection {
    return { brokers: [this.getBootstrapServers()] };
  }

  getProxiedListener(): ProxiedListener | undefined {
    return this.proxied;
  }

  getId(): string {
    return this.container.getId();
  }

  logTail(lines = 40): Promise<string> {
    return containerLogTail(this.container, lines);
  }

  /** Stops and removes the container and its volumes (Ryuk may not be there to do it). */
  async stop(): Promise<void> {
    await this.container.stop({ timeout: 5_000, remove: true, removeVolumes: true });
  }
}

/** Clients connect to IPv4 loopback: "localhost" may resolve to ::1, where nothing is published. */
function brokerHost(runtimeHost: string): string {
  return runtimeHost === "localhost" ? "127.0.0.1" : runtimeHost;
}

async function containerLogTail(container: StartedTestContainer, lines = 40): Promise<string> {
  try {
    const stream = await container.logs({ tail: lines });
    return await new Promise<string>((resolve) => {
      let out = "";
      const done = (): void => resolve(out);
      stream.on("data", (d: Buffer | string) => (out += d.toString()));
      stream.on("end", done);
      stream.on("error", done);
      setTimeout(() => {
        stream.destroy();
        done();
      }, 1_000);
    });
  } catch {
    return "";
  }
}
