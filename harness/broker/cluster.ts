import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ServiceUnavailableError, type ServiceProvider } from "../services/types.js";
import { brokerClassArchive, formatStorage, isAlive, kafkaJavaArgs, randomClusterId } from "./jvm-provider.js";
import { resolveKafkaJars, type KafkaJars } from "./jvm-tools.js";
import { kraftServerProperties, quorumFormatArgs } from "./kraft-config.js";
import { freePorts } from "./ports.js";
import { Kafka, logLevel } from "kafkajs";
import { kafkaClient } from "./probe.js";
import type { KafkaConnection } from "./types.js";

/**
 * A local three-node KRaft cluster for the checks that need replication (lesson 13: under-replicated
 * partitions). Each node is a combined broker+controller, and the three form a 3-voter quorum: the
 * smallest layout where one node can die and the cluster keeps both a controller majority (2 of 3)
 * and an in-sync replica for every RF=3 partition. Separate controller processes would be closer
 * to production but cost three more JVMs on a 2-core machine for nothing the checks look at.
 *
 * Deliberately NOT `KAFKA_BOOTSTRAP_SERVERS`: the checks stop and restart brokers of this cluster,
 * which must never happen to a cluster the learner pointed the course at. It always runs here, on
 * the JVM from the course's cached Kafka jars, started once per course session by the session
 * (clusterProvider) when a check needs it; every node exits by itself when the session owner is gone.
 */

const HOST = "127.0.0.1";
const NODE_IDS = [1, 2, 3] as const;
const TMP_PREFIX = "kafka-course-cluster-";
const START_TIMEOUT_MS = 120_000;
const NODE_START_TIMEOUT_MS = 60_000;
/** Three JVMs share two cores and the rest of the course: small heaps. */
const NODE_HEAP = ["-Xms128m", "-Xmx384m"];

/** Faster failure detection than production, so a check sees a stopped broker within seconds. */
const CLUSTER_SETTINGS = {
  // A follower that has not caught up for this long leaves the ISR (default 30 s).
  "replica.lag.time.max.ms": 2_000,
  // The controller fences a broker that missed heartbeats for this long (default 9 s).
  "broker.session.timeout.ms": 4_000,
  "broker.heartbeat.interval.ms": 500,
  "default.replication.factor": 3,
  "min.insync.replicas": 1,
  // A controlled shutdown waits (up to 5 minutes) for the controller quorum to acknowledge it;
  // when the session owner dies all three nodes exit at once and no quorum is left to answer.
  // Without it a node exits at once, and its partitions move when the controller fences it.
  "controlled.shutdown.enable": false,
  "num.io.threads": 2,
  "num.network.threads": 1,
} as const;

export interface ClusterNodeState {
  readonly id: number;
  readonly port: number;
  readonly controllerPort: number;
  readonly propsFile: string;
  readonly logFile: string;
  /** Holds the pid of the node's JVM; rewritten by whichever check (re)starts the node. */
  readonly pidFile: string;
}

export interface ClusterState {
  readonly dir: string;
  readonly ownerPid: number;
  readonly jars: KafkaJars;
  readonly bootstrap: readonly string[];
  readonly nodes: readonly ClusterNodeState[];
  readonly startMs: number;
  readonly description: string;
}

/** Formats and starts three nodes whose JVMs exit when `ownerPid` does; resolves when all three serve. */
export async function startCluster(
  ownerPid: number,
  onProgress: (m: string) => void = () => {},
): Promise<ClusterState> {
  const t0 = performance.now();
  const jars = await resolveKafkaJars(onProgress);
  const dir = await mkdtemp(join(tmpdir(), TMP_PREFIX));
  await writeFile(join(dir, "owner.pid"), String(ownerPid));
  const ports = await freePorts(NODE_IDS.length * 2, HOST);
  // Every voter's directory id goes into --initial-controllers (a Kafka Uuid, like a cluster id).
  const voters = NODE_IDS.map((id, i) => ({
    nodeId: id,
    controllerPort: ports[i * 2 + 1]!,
    directoryId: randomClusterId(),
  }));
  const nodes: ClusterNodeState[] = NODE_IDS.map((id, i) => ({
    id,
    port: ports[i * 2]!,
    controllerPort: ports[i * 2 + 1]!,
    propsFile: join(dir, `node-${id}.properties`),
    logFile: join(dir, `node-${id}.log`),
    pidFile: join(dir, `node-${id}.pid`),
  }));
  const clusterId = randomClusterId();
  onProgress(`formatting a three-node KRaft cluster (Kafka ${jars.version})`);
  await Promise.all(
    nodes.map(async (n) => {
      await mkdir(join(dir, `node-${n.id}`), { recursive: true });
      const props = kraftServerProperties({
        nodeId: n.id,
        host: HOST,
        brokerPort: n.port,
        controllerPort: n.controllerPort,
        logDir: join(dir, `node-${n.id}`, "data"),
        voters,
        extra: CLUSTER_SETTINGS,
      });
      await writeFile(n.propsFile, props);
      await formatStorage(jars, n.propsFile, clusterId, n.logFile, quorumFormatArgs(HOST, voters));
    }),
  );
  const state: ClusterState = {
    dir,
    ownerPid,
    jars,
    bootstrap: nodes.map((n) => `${HOST}:${n.port}`),
    nodes,
    startMs: 0,
    description: "",
  };
  onProgress(`starting three Kafka nodes on ${state.bootstrap.join(", ")}`);
  try {
    for (const n of nodes) await launchNode(state, n);
    await waitForBrokers(state, NODE_IDS, START_TIMEOUT_MS);
  } catch (e) {
    const tails = await Promise.all(nodes.map((n) => logTail(n, 8)));
    await stopCluster(state);
    throw new Error(`the three-node cluster did not start: ${(e as Error).message}\n${tails.join("\n")}`, { cause: e });
  }
  return {
    ...state,
    startMs: Math.round(performance.now() - t0),
    description: `three-node KRaft cluster (Apache Kafka ${jars.version} on the JVM) at ${state.bootstrap.join(",")}`,
  };
}

/** Stops every node and removes the cluster's data (throwaway: no clean shutdown to wait for). */
export async function stopCluster(state: ClusterState): Promise<void> {
  await Promise.all(state.nodes.map((n) => stopNode(state, n.id, "SIGKILL")));
  await rm(state.dir, { recursive: true, force: true });
}

/** The pid of a node's running JVM, or undefined when it is not running. */
export async function nodePid(node: ClusterNodeState): Promise<number | undefined> {
  const pid = Number(await readFile(node.pidFile, "utf8").catch(() => "0"));
  return pid > 0 && isAlive(pid) ? pid : undefined;
}

function nodeOf(state: ClusterState, id: number): ClusterNodeState {
  const node = state.nodes.find((n) => n.id === id);
  if (!node) throw new Error(`the cluster has nodes ${state.nodes.map((n) => n.id).join(", ")}, not ${id}`);
  return node;
}

/** Starts a node's JVM (same config, same data dir) in its own process group; does not wait. */
async function launchNode(state: ClusterState, node: ClusterNodeState): Promise<void> {
  const fd = openSync(node.logFile, "a");
  const cds = brokerClassArchive(state.jars, false);
  const child = spawn("java", kafkaJavaArgs(state.jars, node.propsFile, state.ownerPid, NODE_HEAP, cds.flags), {
    detached: true,
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  child.unref();
  if (!child.pid) throw new Error(`could not start node ${node.id}'s JVM`);
  await writeFile(node.pidFile, String(child.pid));
}

/**
 * Stops one node's JVM: SIGTERM is a clean shutdown (logs flushed and closed), SIGKILL a crash.
 * Controlled shutdown is off in this cluster (see CLUSTER_SETTINGS), so either way the controller
 * notices when the node's heartbeats stop. Resolves once the process is gone, with the milliseconds it took.
 */
export async function stopNode(state: ClusterState, id: number, signal: "SIGTERM" | "SIGKILL" = "SIGTERM") {
  const t0 = performance.now();
  const node = nodeOf(state, id);
  const pid = await nodePid(node);
  if (pid === undefined) return 0;
  const kill = (s: NodeJS.Signals) => {
    try {
      process.kill(pid, s);
    } catch {
      // already gone
    }
  };
  kill(signal);
  const deadline = Date.now() + 15_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) kill("SIGKILL");
    await new Promise((r) => setTimeout(r, 100));
  }
  await rm(node.pidFile, { force: true });
  return Math.round(performance.now() - t0);
}

/** Starts a stopped node again and resolves, with the milliseconds it took, once it is a broker of the cluster again. */
export async function startNode(state: ClusterState, id: number): Promise<number> {
  const t0 = performance.now();
  const node = nodeOf(state, id);
  if ((await nodePid(node)) === undefined) await launchNode(state, node);
  // Asked through the node itself: the others may still list a just-killed node until it is fenced.
  await waitForBrokers(state, [id], NODE_START_TIMEOUT_MS, [`${HOST}:${node.port}`]);
  return Math.round(performance.now() - t0);
}

/** Resolves when every node in `ids` is an unfenced broker of the cluster and a controller is elected. */
async function waitForBrokers(
  state: ClusterState,
  ids: readonly number[],
  timeoutMs: number,
  via: readonly string[] = state.bootstrap,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    for (const id of ids) {
      if ((await nodePid(nodeOf(state, id))) === undefined) throw new Error(`node ${id}'s JVM exited`);
    }
    const admin = kafkaClient({ brokers: via }, "kafka-course-cluster-probe").admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      const up = new Set(cluster.brokers.map((b) => b.nodeId));
      if (cluster.controller !== null && ids.every((id) => up.has(id))) return;
      last = `brokers up: ${[...up].join(", ") || "none"}`;
    } catch (e) {
      last = (e as Error).message;
    } finally {
      await admin.disconnect().catch(() => {});
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`node(s) ${ids.join(", ")} did not join within ${timeoutMs} ms (${last})`);
}

/**
 * A kafkajs client for the cluster that rides out a stopped node: kafkajs picks a random bootstrap
 * address and rotates to another only on retry, so it needs more retries than the course default.
 */
export function clusterKafka(connection: KafkaConnection, clientId = "kafka-course-cluster"): Kafka {
  return new Kafka({
    clientId,
    brokers: [...connection.brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 1_000 },
  });
}

async function logTail(node: ClusterNodeState, lines: number): Promise<string> {
  const text = await readFile(node.logFile, "utf8").catch(() => "");
  return `--- node ${node.id} ---\n${text.trim().split("\n").slice(-lines).join("\n")}`;
}

/** What a check gets: the cluster's addresses and a way to stop and restart one of its brokers. */
export interface ClusterForChecks {
  readonly connection: KafkaConnection;
  readonly nodes: readonly { readonly id: number; readonly address: string }[];
  readonly description: string;
  /** Milliseconds this call spent starting the cluster; 0 when an earlier check had started it. */
  readonly startMs: number;
  /** Stops one broker (SIGTERM: clean shutdown; SIGKILL: a crash); resolves when its JVM is gone. */
  stopNode(id: number, signal?: "SIGTERM" | "SIGKILL"): Promise<number>;
  /** Starts a stopped broker with its old config and data; resolves when it is a cluster member again. */
  startNode(id: number): Promise<number>;
}

/**
 * The three-node cluster as a session service: always local (never KAFKA_BOOTSTRAP_SERVERS, the
 * checks stop its brokers), started once per session; usable while any node runs.
 */
export function clusterProvider(): ServiceProvider<ClusterState> {
  return {
    id: "cluster",
    name: "three-node Kafka cluster",
    async open({ ownerPid, onProgress }) {
      await removeStaleClusters();
      const state = await startCluster(ownerPid, onProgress).catch((e: Error) => {
        throw new ServiceUnavailableError("three-node Kafka cluster", e.message, [
          "Java 17+ and Maven: three KRaft nodes on your JVM from the course's cached Kafka jars",
        ]);
      });
      return {
        description: state.description,
        startMs: state.startMs,
        context: state,
        healthy: async () => (await Promise.all(state.nodes.map(nodePid))).some((p) => p !== undefined),
        stop: () => stopCluster(state),
      };
    },
  };
}

/** Cluster folders of sessions that died (their JVMs exited by themselves); removed at the next start. */
async function removeStaleClusters(): Promise<void> {
  const root = tmpdir();
  for (const name of (await readdir(root).catch(() => [] as string[])).filter((n) => n.startsWith(TMP_PREFIX))) {
    const owner = Number(await readFile(join(root, name, "owner.pid"), "utf8").catch(() => "0"));
    if (owner > 0 && !isAlive(owner)) await rm(join(root, name), { recursive: true, force: true }).catch(() => {});
  }
}

/**
 * What a check makes of the session's cluster (handed in its context): nodes an earlier check left
 * stopped are started again, so every check begins with three running brokers.
 */
export async function clusterForState(state: ClusterState): Promise<ClusterForChecks> {
  let restartMs = 0;
  for (const n of state.nodes) {
    if ((await nodePid(n)) === undefined) restartMs += await startNode(state, n.id);
  }
  return {
    connection: { brokers: state.bootstrap },
    nodes: state.nodes.map((n) => ({ id: n.id, address: `${HOST}:${n.port}` })),
    description: state.description,
    startMs: restartMs,
    stopNode: (id, signal) => stopNode(state, id, signal),
    startNode: (id) => startNode(state, id),
  };
}
