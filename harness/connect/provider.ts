import { kafkaClient } from "../broker/probe.js";
import { answersWithin, external, started } from "../services/running.js";
import { ServiceUnavailableError, type ServiceProvider } from "../services/types.js";
import { connectFromEnv, startConnectWorker, workerAnswers } from "./worker.js";
import { clientSecurity } from "./worker-config.js";

const WAYS = [
  "KAFKA_CONNECT_URL=http://host:8083 (an existing Kafka Connect worker with Debezium's PostgreSQL connector, writing to the course's Kafka cluster and able to reach the database)",
  "Java 17+ and Maven: a Kafka Connect worker on your JVM with Debezium from Maven Central (about 52 MB once)",
];

/**
 * The Kafka Connect worker lesson 10's CDC checks use: KAFKA_CONNECT_URL (checked to answer, to
 * have the connector and to write to the session's broker; never silently replaced), else a
 * worker on the JVM with its topics on the session's broker (worker.ts).
 */
export function connectProvider(env: Readonly<Record<string, string | undefined>> = process.env) {
  const provider: ServiceProvider<{ url: string; description: string }> = {
    id: "connect",
    name: "Kafka Connect worker",
    async open({ broker, ownerPid, onProgress, signal }) {
      if (env.KAFKA_CONNECT_URL) {
        const admin = kafkaClient(broker, "kafka-course-connect-probe").admin();
        await admin.connect();
        const clusterId = await admin
          .describeCluster()
          .then((c) => c.clusterId)
          .finally(() => admin.disconnect());
        const w = await connectFromEnv({ env, clusterId }).catch((e: Error) => {
          throw new ServiceUnavailableError("Kafka Connect worker", `${e.message}; fix it or unset it`, WAYS, {
            cause: e,
          });
        });
        if (w) return external(w, answers);
      }
      const w = await startConnectWorker({
        bootstrapServers: broker.brokers.join(","),
        security: clientSecurity(broker),
        ownerPid,
        onProgress,
        ...(signal && { signal }),
      }).catch((e: Error) => {
        if (signal?.aborted) throw e;
        throw new ServiceUnavailableError("Kafka Connect worker", e.message, WAYS, { cause: e });
      });
      return started(w, answers, () => w.stop());
    },
  };
  return provider;
}

const answers = answersWithin(workerAnswers);
