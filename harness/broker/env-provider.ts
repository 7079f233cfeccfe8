import { BrokerStartError, type BrokerProvider, type KafkaConnection } from "./types.js";
import { refused, waitUntilAnswers } from "./probe.js";

type Env = Readonly<Record<string, string | undefined>>;

const MECHANISMS = ["plain", "scram-sha-256", "scram-sha-512"] as const;

/**
 * Reads KAFKA_BOOTSTRAP_SERVERS (comma-separated host:port list) and the optional
 * KAFKA_SSL=true, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD.
 * Returns undefined when the variable is unset; throws with the offending value when it is malformed.
 */
export function parseKafkaEnv(env: Env): KafkaConnection | undefined {
  const raw = env.KAFKA_BOOTSTRAP_SERVERS?.trim();
  if (!raw) return undefined;
  const brokers = raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  for (const b of brokers) {
    const m = /^(\[[0-9a-fA-F:]+\]|[^\s:/]+):(\d{1,5})$/.exec(b);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) {
      throw new Error(
        `KAFKA_BOOTSTRAP_SERVERS has "${b}", which is not host:port (example: localhost:9092,localhost:9093).`,
      );
    }
  }
  if (brokers.length === 0) throw new Error("KAFKA_BOOTSTRAP_SERVERS is set but lists no host:port.");
  const ssl = env.KAFKA_SSL === undefined ? undefined : /^(1|true|yes)$/i.test(env.KAFKA_SSL);
  const mechanism = env.KAFKA_SASL_MECHANISM?.toLowerCase();
  if (!mechanism) return { brokers, ...(ssl !== undefined && { ssl }) };
  if (!(MECHANISMS as readonly string[]).includes(mechanism)) {
    throw new Error(`KAFKA_SASL_MECHANISM "${mechanism}" is not one of ${MECHANISMS.join(", ")}.`);
  }
  const username = env.KAFKA_SASL_USERNAME;
  const password = env.KAFKA_SASL_PASSWORD;
  if (!username || !password) {
    throw new Error("KAFKA_SASL_MECHANISM is set: KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are needed too.");
  }
  return {
    brokers,
    ...(ssl !== undefined && { ssl }),
    sasl: { mechanism: mechanism as (typeof MECHANISMS)[number], username, password },
  };
}

export function envProvider(env: Env = process.env, { answerTimeoutMs = 15_000 } = {}): BrokerProvider {
  return {
    id: "env",
    async detect() {
      if (!env.KAFKA_BOOTSTRAP_SERVERS?.trim()) return { usable: false, reason: "KAFKA_BOOTSTRAP_SERVERS is not set" };
      try {
        const c = parseKafkaEnv(env);
        return { usable: true, detail: `KAFKA_BOOTSTRAP_SERVERS=${c?.brokers.join(",")}` };
      } catch (e) {
        return { usable: false, reason: (e as Error).message };
      }
    },
    async start(onProgress, signal) {
      const connection = parseKafkaEnv(env);
      if (!connection) throw new BrokerStartError("env", "KAFKA_BOOTSTRAP_SERVERS is not set");
      const t0 = performance.now();
      onProgress(`checking the cluster at ${connection.brokers.join(",")} answers`);
      try {
        // Nothing listening is said at once; a cluster that is merely slow gets the whole wait.
        await waitUntilAnswers(connection, answerTimeoutMs, signal, refused);
      } catch (e) {
        throw new BrokerStartError(
          "env",
          `KAFKA_BOOTSTRAP_SERVERS=${connection.brokers.join(",")} does not answer: ${(e as Error).message}. ` +
            "Check the address, or unset the variable to let the course start its own broker.",
        );
      }
      return {
        provider: "env",
        description: `existing cluster at ${connection.brokers.join(",")} (KAFKA_BOOTSTRAP_SERVERS)`,
        connection,
        startMs: Math.round(performance.now() - t0),
        stop: async () => {},
      };
    },
  };
}
