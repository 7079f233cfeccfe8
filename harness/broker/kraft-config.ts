/** server.properties for a single combined controller+broker KRaft node, tuned for fast tests. */
export interface KraftNodeConfig {
  readonly nodeId: number;
  readonly host: string;
  readonly brokerPort: number;
  readonly controllerPort: number;
  readonly logDir: string;
  /** An extra listener whose advertised port is a fault-injecting proxy's (lesson 4). */
  readonly proxied?: { readonly port: number; readonly advertisedPort: number };
}

export function kraftServerProperties(c: KraftNodeConfig): string {
  const listeners = [`PLAINTEXT://${c.host}:${c.brokerPort}`, `CONTROLLER://${c.host}:${c.controllerPort}`];
  const advertised = [`PLAINTEXT://${c.host}:${c.brokerPort}`];
  const protocols = ["CONTROLLER:PLAINTEXT", "PLAINTEXT:PLAINTEXT"];
  if (c.proxied) {
    listeners.push(`PROXIED://${c.host}:${c.proxied.port}`);
    advertised.push(`PROXIED://${c.host}:${c.proxied.advertisedPort}`);
    protocols.push("PROXIED:PLAINTEXT");
  }
  const props: Record<string, string | number | boolean> = {
    "process.roles": "broker,controller",
    "node.id": c.nodeId,
    "controller.quorum.voters": `${c.nodeId}@${c.host}:${c.controllerPort}`,
    listeners: listeners.join(","),
    "advertised.listeners": advertised.join(","),
    "inter.broker.listener.name": "PLAINTEXT",
    "controller.listener.names": "CONTROLLER",
    "listener.security.protocol.map": protocols.join(","),
    "log.dirs": c.logDir,
    "num.partitions": 1,
    // One node: every internal topic must fit on it.
    "offsets.topic.replication.factor": 1,
    "offsets.topic.num.partitions": 1,
    "transaction.state.log.replication.factor": 1,
    "transaction.state.log.min.isr": 1,
    "transaction.state.log.num.partitions": 1,
    "share.coordinator.state.topic.replication.factor": 1,
    "share.coordinator.state.topic.min.isr": 1,
    // Tests start consumers and expect assignment now, not after the default 3 s delay.
    "group.initial.rebalance.delay.ms": 0,
    "auto.create.topics.enable": true,
    "delete.topic.enable": true,
    // Smaller segments and faster housekeeping keep a test broker light.
    "log.segment.bytes": 16 * 1024 * 1024,
    "log.retention.check.interval.ms": 60_000,
    "num.network.threads": 2,
    "num.io.threads": 4,
    "transaction.abort.timed.out.transaction.cleanup.interval.ms": 5_000,
  };
  return Object.entries(props)
    .map(([k, v]) => `${k}=${v}`)
    .join("\n")
    .concat("\n");
}
