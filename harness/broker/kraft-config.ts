/**
 * server.properties for a combined controller+broker KRaft node, tuned for fast tests: a
 * single-node cluster by default, or one node of a multi-node cluster when `voters` is given.
 * The quorum is dynamic (KIP-853, kraft.version 1): nodes find it through
 * `controller.quorum.bootstrap.servers`, and the voters are written once by `kafka-storage format`
 * (see `quorumFormatArgs`), as Kafka's docs recommend for new clusters; the static
 * `controller.quorum.voters` is deprecated since 4.1 and cannot add or remove controllers.
 */
export interface KraftNodeConfig {
  readonly nodeId: number;
  readonly host: string;
  readonly brokerPort: number;
  readonly controllerPort: number;
  readonly logDir: string;
  /** An extra listener whose advertised port is a fault-injecting proxy's (lesson 4). */
  readonly proxied?: { readonly port: number; readonly advertisedPort: number };
  /** All controller voters of a multi-node cluster (this node included); default: this node alone. */
  readonly voters?: readonly Voter[];
  /** Settings added last (they win), e.g. a cluster's faster failure detection. */
  readonly extra?: Readonly<Record<string, string | number | boolean>>;
}

export interface Voter {
  readonly nodeId: number;
  readonly controllerPort: number;
  /** The voter's metadata directory id (a Kafka Uuid); needed to format a multi-voter quorum. */
  readonly directoryId?: string;
}

/**
 * The `kafka-storage format` flags that bootstrap the quorum: `--standalone` for one node (it
 * becomes the only voter), else `--initial-controllers` with every voter's id, endpoint and
 * directory id, the same string on every node.
 */
export function quorumFormatArgs(host: string, voters?: readonly Voter[]): string[] {
  if (!voters || voters.length <= 1) return ["--standalone"];
  const missing = voters.find((v) => !v.directoryId);
  if (missing) throw new Error(`voter ${missing.nodeId} has no directoryId: --initial-controllers needs one per voter`);
  return [
    "--initial-controllers",
    voters.map((v) => `${v.nodeId}@${host}:${v.controllerPort}:${v.directoryId}`).join(","),
  ];
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
  const voters = c.voters ?? [{ nodeId: c.nodeId, controllerPort: c.controllerPort }];
  // Internal topics are replicated to every node (at most 3), and survive one node down when there are 3.
  const rf = Math.min(voters.length, 3);
  const minIsr = rf >= 3 ? 2 : 1;
  const props: Record<string, string | number | boolean> = {
    "process.roles": "broker,controller",
    "node.id": c.nodeId,
    "controller.quorum.bootstrap.servers": voters.map((v) => `${c.host}:${v.controllerPort}`).join(","),
    listeners: listeners.join(","),
    "advertised.listeners": advertised.join(","),
    "inter.broker.listener.name": "PLAINTEXT",
    "controller.listener.names": "CONTROLLER",
    "listener.security.protocol.map": protocols.join(","),
    "log.dirs": c.logDir,
    "num.partitions": 1,
    // Every internal topic must fit on the nodes there are (one, for the course broker).
    "offsets.topic.replication.factor": rf,
    "offsets.topic.num.partitions": 1,
    "transaction.state.log.replication.factor": rf,
    "transaction.state.log.min.isr": minIsr,
    "transaction.state.log.num.partitions": 1,
    "share.coordinator.state.topic.replication.factor": rf,
    "share.coordinator.state.topic.min.isr": minIsr,
    // Tests start consumers and expect assignment now, not after the default 3 s delay.
    "group.initial.rebalance.delay.ms": 0,
    // The broker refuses a classic-group session shorter than this (default 6 s): 1 s lets a check
    // give its own consumers (and a learner's "crashed" instance) a short session, so a dead
    // member leaves the group in about a second instead of waiting out the default.
    "group.min.session.timeout.ms": 1_000,
    // The consumer protocol (KIP-848) assigns on each member's heartbeat, which the broker paces
    // (default every 5 s, at least 5 s): 1 s lets a moved partition reach its new owner in about
    // two seconds, as lesson 5's check measures, instead of ten.
    "group.consumer.min.heartbeat.interval.ms": 500,
    "group.consumer.heartbeat.interval.ms": 1_000,
    "auto.create.topics.enable": true,
    "delete.topic.enable": true,
    // Smaller segments and faster housekeeping keep a test broker light.
    "log.segment.bytes": 16 * 1024 * 1024,
    "log.retention.check.interval.ms": 60_000,
    "num.network.threads": 2,
    "num.io.threads": 4,
    "transaction.abort.timed.out.transaction.cleanup.interval.ms": 5_000,
    ...c.extra,
  };
  return Object.entries(props)
    .map(([k, v]) => `${k}=${v}`)
    .join("\n")
    .concat("\n");
}
