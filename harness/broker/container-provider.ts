import { freePort } from "./ports.js";
import { waitUntilAnswers } from "./probe.js";
import { BrokerStartError, type BrokerProvider, type RunningBroker } from "./types.js";

/** The one place the image is pinned: the same Kafka version the JVM provider's pom resolves. */
export const KAFKA_IMAGE = process.env.KAFKA_COURSE_IMAGE ?? "apache/kafka:4.3.1";

/**
 * Environment for the official apache/kafka image: a single combined KRaft node whose
 * PLAINTEXT listener is advertised on the host port it is published on. The image drops its
 * packaged defaults once any KAFKA_* variable is set, so every single-node setting is explicit.
 */
export function kafkaImageEnv(hostPort: number): Record<string, string> {
  return {
    KAFKA_NODE_ID: "1",
    KAFKA_PROCESS_ROLES: "broker,controller",
    KAFKA_LISTENERS: `PLAINTEXT://0.0.0.0:${hostPort},CONTROLLER://0.0.0.0:9093`,
    KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:${hostPort}`,
    KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
    KAFKA_INTER_BROKER_LISTENER_NAME: "PLAINTEXT",
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
    KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:9093",
    KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "1",
    KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: "1",
    KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: "1",
    KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: "1",
    KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS: "1",
    KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: "1",
    KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: "1",
    KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "0",
    KAFKA_NUM_PARTITIONS: "1",
    KAFKA_AUTO_CREATE_TOPICS_ENABLE: "true",
  };
}

export function containerProvider(): BrokerProvider {
  return {
    id: "testcontainers",
    async detect() {
      try {
        const { getContainerRuntimeClient } = await import("testcontainers");
        const client = await withTimeout(getContainerRuntimeClient(), 5_000, "the container runtime did not answer");
        return {
          usable: true,
          detail: `${client.info.containerRuntime.host} (${client.info.node.version ?? "runtime"})`,
        };
      } catch (e) {
        return { usable: false, reason: `no Docker-compatible runtime answers (${firstLine(e)})` };
      }
    },
    async start(onProgress) {
      const t0 = performance.now();
      const { GenericContainer, Wait } = await import("testcontainers");
      const hostPort = await freePort();
      onProgress(`starting ${KAFKA_IMAGE} with Testcontainers`);
      let container;
      try {
        container = await new GenericContainer(KAFKA_IMAGE)
          .withEnvironment(kafkaImageEnv(hostPort))
          .withExposedPorts({ container: hostPort, host: hostPort })
          .withWaitStrategy(Wait.forListeningPorts())
          .withStartupTimeout(120_000)
          .start();
      } catch (e) {
        throw new BrokerStartError("testcontainers", `could not start ${KAFKA_IMAGE}: ${firstLine(e)}`);
      }
      const connection = { brokers: [`localhost:${hostPort}`] };
      const started = container;
      const stop = async (): Promise<void> => {
        await started.stop({ timeout: 5_000 }).catch(() => {});
      };
      try {
        // "Ready" means the broker answers metadata with a controller, not merely an open port.
        await waitUntilAnswers(connection, 60_000);
      } catch (e) {
        await stop();
        throw new BrokerStartError("testcontainers", `${KAFKA_IMAGE} started but does not answer: ${firstLine(e)}`);
      }
      const broker: RunningBroker = {
        provider: "testcontainers",
        description: `${KAFKA_IMAGE} in a container (Testcontainers) at ${connection.brokers[0]}`,
        connection,
        startMs: Math.round(performance.now() - t0),
        stop,
      };
      return broker;
    },
  };
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(message)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}
