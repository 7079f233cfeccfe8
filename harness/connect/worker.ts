import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { closeSync, openSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../broker/ports.js";
import { classArchive } from "../jvm/class-archive.js";
import { pollUntilAnswers } from "../services/poll.js";
import { isAlive } from "../broker/jvm-provider.js";
import { resolveConnectJars } from "./jars.js";
import { workerProperties } from "./worker-config.js";

const HOST = "127.0.0.1";
const START_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 15_000;
/** The class Debezium's PostgreSQL connector registers as; a worker without it cannot run lesson 10. */
export const POSTGRES_CONNECTOR_CLASS = "io.debezium.connector.postgresql.PostgresConnector";

export interface ConnectWorkerOptions {
  /** The course broker, "host:port[,host:port]". */
  readonly bootstrapServers: string;
  /** The worker exits by itself when this process is gone. */
  readonly ownerPid: number;
  readonly onProgress?: (m: string) => void;
  readonly signal?: AbortSignal;
  /** Java client security settings for the broker (clientSecurity()); none for the course's own broker. */
  readonly security?: Readonly<Record<string, string>>;
  /**
   * The Connect group, which names the config/offset/status topics: a new unique one by default.
   * Pass the group of a worker that was killed to start its successor with its connectors and offsets.
   */
  readonly groupId?: string;
  /** How often source offsets are committed (Connect's default is 60 s). */
  readonly offsetFlushMs?: number;
}

/** What a started worker is, as plain data (a session records it in a file). */
export interface ConnectWorkerState {
  /** The REST API, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly pid: number;
  readonly groupId: string;
  /** The brokers its internal topics (and its connectors' records) live on. */
  readonly bootstrapServers: string;
  /** Temp folder with worker.properties and the log; deleted when the JVM exits. */
  readonly dataDir: string;
  readonly logFile: string;
  readonly description: string;
  readonly startMs: number;
}

export interface RunningConnectWorker extends ConnectWorkerState {
  /** Stops the worker gracefully (its tasks commit their offsets) and removes its temp folder. */
  stop(): Promise<void>;
}

/**
 * A Kafka Connect worker in distributed mode on the local JVM, its internal topics on the course
 * broker, its REST API on a free port of 127.0.0.1 and Debezium's PostgreSQL connector on its
 * plugin path. It runs in its own process group, so it can outlive the check that started it, and
 * exits by itself when `ownerPid` is gone (OwnedLauncher), which also deletes its temp folder.
 */
export async function startConnectWorker(options: ConnectWorkerOptions): Promise<RunningConnectWorker> {
  const t0 = performance.now();
  const onProgress = options.onProgress ?? (() => {});
  const jars = await resolveConnectJars(onProgress);
  options.signal?.throwIfAborted();
  const groupId = options.groupId ?? `course-connect-${randomUUID().slice(0, 8)}`;
  const port = await freePort(HOST);
  const dataDir = await mkdtemp(join(tmpdir(), "kafka-course-connect-"));
  const propsFile = join(dataDir, "worker.properties");
  const logFile = join(dataDir, "connect.log");
  await writeFile(
    propsFile,
    workerProperties({
      bootstrapServers: options.bootstrapServers,
      groupId,
      host: HOST,
      port,
      pluginPath: jars.pluginPath,
      offsetFlushMs: options.offsetFlushMs ?? 1_000,
      ...(options.security && { security: options.security }),
    }),
  );
  const main = "org.apache.kafka.connect.cli.ConnectDistributed";
  const cds = classArchive({ dir: jars.dir, name: "connect", classpath: jars.classpath });
  const args = [
    ...cds.flags,
    "-Xms128m",
    "-Xmx512m",
    "-XX:+UseSerialGC",
    "-XX:TieredStopAtLevel=1",
    "-Djava.awt.headless=true",
    "-Dorg.slf4j.simpleLogger.showDateTime=true",
    // Connect's REST and worker logs at info are a screen per second; warnings are what a failed start needs.
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
    "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.connect.runtime.distributed=info",
    "-Dorg.slf4j.simpleLogger.log.io.debezium=info",
    `-Dcourse.owner.pid=${options.ownerPid}`,
    `-Dcourse.remove.on.exit=${dataDir}`,
    "-cp",
    jars.classpath,
    ...(jars.launcher ? ["OwnedLauncher", main] : [main]),
    propsFile,
  ];
  onProgress(
    `starting a Kafka Connect ${jars.kafkaVersion} worker (Debezium ${jars.debeziumVersion}) on ${HOST}:${port}`,
  );
  const fd = openSync(logFile, "w");
  const child = spawn("java", args, { detached: true, stdio: ["ignore", fd, fd] });
  cds.adopt(child);
  closeSync(fd);
  child.unref();
  const pid = child.pid ?? -1;
  const url = `http://${HOST}:${port}`;
  const state: ConnectWorkerState = {
    url,
    pid,
    groupId,
    bootstrapServers: options.bootstrapServers,
    dataDir,
    logFile,
    description: `Kafka Connect ${jars.kafkaVersion} worker on the JVM at ${url} with Debezium ${jars.debeziumVersion}${jars.downloaded ? ", jars downloaded this run" : ""}`,
    startMs: 0,
  };
  try {
    await pollUntilAnswers(
      `the Connect worker at ${url}`,
      async () => {
        options.signal?.throwIfAborted();
        await workerAnswers(url, 2_000);
      },
      { timeoutMs: START_TIMEOUT_MS, intervalMs: 250, gone: () => child.exitCode !== null || !isAlive(pid) },
    );
  } catch (e) {
    const tail = await readFile(logFile, "utf8").then(
      (s) => s.split("\n").slice(-25).join("\n"),
      () => "",
    );
    await stopConnectWorker(state);
    if (options.signal?.aborted) throw e;
    throw new Error(`the Kafka Connect worker did not start: ${(e as Error).message}\n${tail}`, { cause: e });
  }
  const started = { ...state, startMs: Math.round(performance.now() - t0) };
  return { ...started, stop: () => stopConnectWorker(started) };
}

/**
 * Resolves when the worker's herder is running (GET /health, Kafka 3.9+) and it lists Debezium's
 * PostgreSQL connector among its plugins.
 */
export async function workerAnswers(url: string, timeoutMs: number): Promise<void> {
  const health = await fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!health.ok) throw new Error(`GET /health: HTTP ${health.status} ${await health.text()}`);
  const plugins = await fetch(`${url}/connector-plugins`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!plugins.ok) throw new Error(`GET /connector-plugins: HTTP ${plugins.status}`);
  const list = (await plugins.json()) as { class: string }[];
  if (!list.some((p) => p.class === POSTGRES_CONNECTOR_CLASS)) {
    throw new Error(
      `the worker has no ${POSTGRES_CONNECTOR_CLASS} (plugins: ${list.map((p) => p.class).join(", ")}); install Debezium's PostgreSQL connector on its plugin.path`,
    );
  }
}

/**
 * Stops a worker the course started: SIGTERM (Connect stops its tasks, which commit their
 * offsets), SIGKILL after a grace period, then its temp folder goes. `signal: "SIGKILL"` is a
 * crash: nothing is committed, which is what lesson 10's restart check needs.
 */
export async function stopConnectWorker(
  s: Pick<ConnectWorkerState, "pid" | "dataDir">,
  { signal = "SIGTERM" as NodeJS.Signals } = {},
): Promise<void> {
  if (s.pid > 0 && isAlive(s.pid)) {
    try {
      process.kill(s.pid, signal);
    } catch {
      // already gone
    }
    const deadline = Date.now() + STOP_GRACE_MS;
    while (isAlive(s.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(s.pid)) process.kill(s.pid, "SIGKILL");
  }
  if (s.dataDir) await rm(s.dataDir, { recursive: true, force: true });
}

/**
 * A worker named by KAFKA_CONNECT_URL, or undefined when it is not set. Checked to answer, to have
 * the connector and (given `clusterId`, the course broker's) to write to the broker the checks
 * read: a wrong one is reported, never silently replaced by a local worker.
 */
export async function connectFromEnv({
  env = process.env,
  clusterId,
}: { env?: NodeJS.ProcessEnv; clusterId?: string } = {}): Promise<ConnectWorkerState | undefined> {
  const fromEnv = env.KAFKA_CONNECT_URL;
  if (!fromEnv) return undefined;
  const url = fromEnv.replace(/\/+$/, "");
  const refuse = (why: string) => new Error(`KAFKA_CONNECT_URL=${url} cannot serve lesson 10's checks: ${why}`);
  await workerAnswers(url, 5_000).catch((e: Error) => {
    throw Object.assign(refuse(e.message), { cause: e });
  });
  if (clusterId !== undefined) {
    const root = (await (await fetch(`${url}/`, { signal: AbortSignal.timeout(5_000) })).json()) as {
      kafka_cluster_id?: string;
    };
    if (root.kafka_cluster_id !== clusterId) {
      throw refuse(
        `it writes to Kafka cluster ${root.kafka_cluster_id ?? "(unknown)"}, the checks read cluster ${clusterId}; point the worker at the same brokers as KAFKA_BOOTSTRAP_SERVERS, or unset KAFKA_CONNECT_URL`,
      );
    }
  }
  return {
    url,
    pid: -1,
    groupId: "",
    bootstrapServers: "",
    dataDir: "",
    logFile: "",
    description: `KAFKA_CONNECT_URL (${url})`,
    startMs: 0,
  };
}
