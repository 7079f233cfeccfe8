import { sessionService, isAlive } from "../services/session-service.js";
import { connectCacheRoot } from "./jars.js";
import {
  connectFromEnv,
  startConnectWorker,
  stopConnectWorker,
  workerAnswers,
  type ConnectWorkerState,
} from "./worker.js";
import { clientSecurity } from "./worker-config.js";
import type { KafkaConnection } from "../broker/types.js";

/** A Kafka Connect worker the checks can use. */
export interface ConnectHandle {
  /** Its REST API. */
  readonly url: string;
  readonly description: string;
  /** 0 when an existing worker was reused. */
  readonly startMs: number;
}

/**
 * The Connect worker for lesson 10's CDC checks, found like the broker: KAFKA_CONNECT_URL (checked,
 * never replaced), else a local worker on the JVM writing to the course broker. The local one is a
 * session service: the first check that needs it starts it, later checks of the session share it.
 * (The thin part: the start logic lives in worker.ts.)
 */
export async function connectForChecks(
  connection: KafkaConnection,
  clusterId: string,
  onProgress: (m: string) => void = () => {},
): Promise<ConnectHandle> {
  const fromEnv = await connectFromEnv({ clusterId });
  if (fromEnv) return { url: fromEnv.url, description: fromEnv.description, startMs: 0 };
  const { state, reused } = await sessionService<ConnectWorkerState>({
    name: "Kafka Connect worker",
    // One state file per broker: a session's checks all use one broker, the gate's too.
    root: connectCacheRoot(),
    start: async (ownerPid) => {
      const { stop: _stop, ...state } = await startConnectWorker({
        bootstrapServers: connection.brokers.join(","),
        security: clientSecurity(connection),
        ownerPid,
        onProgress,
      });
      return state;
    },
    healthy: async (s) =>
      isAlive(s.pid) &&
      s.bootstrapServers === connection.brokers.join(",") &&
      workerAnswers(s.url, 3_000).then(
        () => true,
        () => false,
      ),
    stop: (s) => stopConnectWorker(s),
  });
  return reused
    ? { url: state.url, description: `${state.description} (shared)`, startMs: 0 }
    : { url: state.url, description: state.description, startMs: state.startMs };
}
