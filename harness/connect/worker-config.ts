import type { KafkaConnection } from "../broker/types.js";

export interface WorkerConfigInput {
  readonly bootstrapServers: string;
  /** The Connect group; its three internal topics are named after it. */
  readonly groupId: string;
  readonly host: string;
  readonly port: number;
  readonly pluginPath: string;
  readonly offsetFlushMs: number;
  /** security.protocol, sasl.* for a broker that needs them (see clientSecurity). */
  readonly security?: Readonly<Record<string, string>>;
}

/**
 * A distributed-mode worker.properties. Connect's shipped defaults (JsonConverter with schemas, as
 * in config/connect-distributed.properties) are kept on purpose: a connector that wants plain
 * string keys or raw JSON values must say so in its own config, as it must on any real worker.
 * What differs serves one small test cluster: replication factor 1, one partition per internal
 * topic, and no five-minute wait before a dead worker's tasks move to a live one.
 */
export function workerProperties(c: WorkerConfigInput): string {
  const security = Object.entries(c.security ?? {});
  const props: Record<string, string | number> = {
    "bootstrap.servers": c.bootstrapServers,
    "group.id": c.groupId,
    "config.storage.topic": `${c.groupId}-configs`,
    "offset.storage.topic": `${c.groupId}-offsets`,
    "status.storage.topic": `${c.groupId}-status`,
    "config.storage.replication.factor": 1,
    "offset.storage.replication.factor": 1,
    "status.storage.replication.factor": 1,
    "offset.storage.partitions": 1,
    "status.storage.partitions": 1,
    "key.converter": "org.apache.kafka.connect.json.JsonConverter",
    "value.converter": "org.apache.kafka.connect.json.JsonConverter",
    "key.converter.schemas.enable": "true",
    "value.converter.schemas.enable": "true",
    "offset.flush.interval.ms": c.offsetFlushMs,
    listeners: `http://${c.host}:${c.port}`,
    "rest.advertised.host.name": c.host,
    "rest.advertised.port": c.port,
    "plugin.path": c.pluginPath,
    // Debezium's jars list their plugins in META-INF/services: no classpath scan at every start.
    "plugin.discovery": "service_load",
    // Connect's default (5 min) waits that long for a dead worker to come back before moving its tasks.
    "scheduled.rebalance.max.delay.ms": 0,
    // The broker's minimum: a killed worker leaves the group after 6 s instead of 10 s.
    "session.timeout.ms": 6_000,
    "heartbeat.interval.ms": 2_000,
    // Connect's clients (worker, producers, consumers, admin) each need the broker's security settings.
    ...Object.fromEntries(
      security.flatMap(([k, v]) => [
        [k, v] as const,
        ...["producer.", "consumer.", "admin."].map((p) => [p + k, v] as const),
      ]),
    ),
  };
  return `${Object.entries(props)
    .map(([k, v]) => `${k}=${String(v).replaceAll("\\", "\\\\")}`)
    .join("\n")}\n`;
}

/** Java client security settings for a course connection (an external cluster with SSL/SASL). */
export function clientSecurity(connection: KafkaConnection): Record<string, string> {
  if (!connection.ssl && !connection.sasl) return {};
  const protocol = connection.sasl ? (connection.ssl ? "SASL_SSL" : "SASL_PLAINTEXT") : "SSL";
  if (!connection.sasl) return { "security.protocol": protocol };
  const { mechanism, username, password } = connection.sasl;
  const module =
    mechanism === "plain"
      ? "org.apache.kafka.common.security.plain.PlainLoginModule"
      : "org.apache.kafka.common.security.scram.ScramLoginModule";
  const quote = (s: string) => JSON.stringify(s);
  return {
    "security.protocol": protocol,
    "sasl.mechanism": mechanism.toUpperCase(),
    "sasl.jaas.config": `${module} required username=${quote(username)} password=${quote(password)};`,
  };
}
