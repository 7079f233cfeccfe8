import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, rmSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kraftServerProperties, quorumFormatArgs } from "./kraft-config.js";
import { classArchive, type ClassArchive } from "../jvm/class-archive.js";
import { isAlive } from "../jvm/tools.js";
import { hasMaven, javaMajor, pinnedKafkaVersion, resolveKafkaJars, cacheRoot, type KafkaJars } from "./jvm-tools.js";
import { freePorts } from "./ports.js";
import { waitUntilAnswers } from "./probe.js";
import { BrokerStartError, type BrokerProvider, type RunningBroker } from "./types.js";
import { existsSync } from "node:fs";

const TMP_PREFIX = "kafka-course-broker-";
const HOST = "127.0.0.1";
const START_TIMEOUT_MS = 90_000;
/** A throwaway broker: its data is deleted next, so a clean shutdown is worth a moment, no more. */
const STOP_GRACE_MS = 1_500;
/** Unless this is the run that writes the brokers' class archive (once): measured 5.5 s from SIGTERM to exit. */
const ARCHIVE_GRACE_MS = 20_000;

/** Heap of the single course broker. */
const HEAP = ["-Xms256m", "-Xmx768m"];

/** JVM flags for a quick-starting, small test broker. */
const JVM_FLAGS = [
  "-XX:+UseSerialGC",
  "-XX:TieredStopAtLevel=1",
  "-Djava.awt.headless=true",
  "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
  "-Dorg.slf4j.simpleLogger.showDateTime=true",
];

export function jvmProvider(): BrokerProvider {
  return {
    id: "jvm",
    async detect() {
      const java = javaMajor();
      if ("reason" in java) return { usable: false, reason: java.reason };
      if (java.major < 17) return { usable: false, reason: `Java ${java.major} found, Kafka 4 needs Java 17+` };
      const version = await pinnedKafkaVersion();
      const cached = existsSync(join(cacheRoot(), `kafka-${version}`, "libs", `kafka_2.13-${version}.jar`));
      if (!cached && !hasMaven()) {
        return { usable: false, reason: `Java ${java.major} found, but no \`mvn\` to fetch the Kafka ${version} jars` };
      }
      return {
        usable: true,
        detail: `Java ${java.major}, Kafka ${version} jars ${cached ? "cached" : "to be resolved with Maven"}`,
      };
    },
    start: (onProgress, signal) => startJvmBroker(onProgress, signal),
  };
}

export interface JvmBrokerOptions {
  /** Reserve a listener whose advertised port belongs to a fault-injecting proxy (lesson 4). */
  readonly proxiedListener?: boolean;
}

export interface JvmRunningBroker extends RunningBroker {
  readonly pid: number;
  readonly dataDir: string;
  readonly serverProperties: string;
  /** The proxied listener: the proxy listens on `advertisedPort` and forwards to `port`. */
  readonly proxied?: { readonly port: number; readonly advertisedPort: number; readonly host: string };
}

export async function startJvmBroker(
  onProgress: (m: string) => void,
  signal?: AbortSignal,
  options: JvmBrokerOptions = { proxiedListener: true },
): Promise<JvmRunningBroker> {
  const t0 = performance.now();
  await removeStaleDataDirs();
  const jars = await resolveKafkaJars(onProgress);
  signal?.throwIfAborted();
  const dataDir = await mkdtemp(join(tmpdir(), TMP_PREFIX));
  await writeFile(join(dataDir, "owner.pid"), String(process.pid));
  const [brokerPort, controllerPort, proxiedPort, proxyPort] = await freePorts(4);
  if (!brokerPort || !controllerPort || !proxiedPort || !proxyPort) throw new Error("no free ports");
  const proxied = options.proxiedListener ? { port: proxiedPort, advertisedPort: proxyPort, host: HOST } : undefined;
  const serverProperties = kraftServerProperties({
    nodeId: 1,
    host: HOST,
    brokerPort,
    controllerPort,
    logDir: join(dataDir, "data"),
    ...(proxied && { proxied }),
  });
  const propsFile = join(dataDir, "server.properties");
  await writeFile(propsFile, serverProperties);
  const logFile = join(dataDir, "broker.log");

  const clusterId = randomClusterId();
  onProgress(`formatting KRaft storage (Kafka ${jars.version})`);
  await formatStorage(jars, propsFile, clusterId, logFile, quorumFormatArgs(HOST));
  signal?.throwIfAborted();

  onProgress(`starting the broker JVM on ${HOST}:${brokerPort}`);
  const cds = brokerClassArchive(jars);
  const child = spawn("java", kafkaJavaArgs(jars, propsFile, process.pid, HEAP, cds.flags), {
    stdio: ["ignore", "pipe", "pipe"],
    detached: false,
  });
  cds.adopt(child);
  const log = createWriteStream(logFile, { flags: "a" });
  // The log is the broker's own diagnostics: failing to write it must never take the course down.
  log.on("error", () => {});
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await killJvm(child, cds.writing ? ARCHIVE_GRACE_MS : STOP_GRACE_MS);
    // The pipes may still hold output after the JVM's exit: detach them before ending the log, or
    // that output is a write after end (which crashed the benchmark at its very end).
    child.stdout?.unpipe(log);
    child.stderr?.unpipe(log);
    log.end();
    await rm(dataDir, { recursive: true, force: true });
  };
  // Last resort when the process exits without awaiting stop(): synchronous kill and cleanup.
  const onExit = (): void => {
    if (stopped) return;
    child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once("exit", onExit);

  const exited = new Promise<never>((_, reject) => {
    child.once("exit", (code, sig) =>
      reject(new Error(`the broker JVM exited during start (code ${code ?? "none"}, signal ${sig ?? "none"})`)),
    );
    child.once("error", (e) => reject(e));
  });
  const connection = { brokers: [`${HOST}:${brokerPort}`] };
  try {
    await Promise.race([waitUntilAnswers(connection, START_TIMEOUT_MS, signal), exited]);
  } catch (e) {
    const tail = await readFile(logFile, "utf8").then(
      (s) => s.split("\n").slice(-25).join("\n"),
      () => "",
    );
    await stop();
    process.off("exit", onExit);
    if (signal?.aborted) throw e;
    throw new BrokerStartError("jvm", `the local KRaft broker did not start: ${(e as Error).message}`, tail);
  }
  exited.catch(() => {});
  const startMs = Math.round(performance.now() - t0);
  return {
    provider: "jvm",
    description: `local KRaft broker (Apache Kafka ${jars.version} on the JVM) at ${connection.brokers[0]}${jars.downloaded ? ", jars downloaded this run" : ""}`,
    connection,
    startMs,
    pid: child.pid ?? -1,
    dataDir,
    serverProperties,
    ...(proxied && { proxied }),
    exited: () => child.exitCode !== null || child.signalCode !== null,
    stop: async () => {
      process.off("exit", onExit);
      await stop();
    },
  };
}

/**
 * A Kafka cluster id: 16 random bytes, base64url without padding, as `kafka-storage random-uuid`
 * prints. Like Kafka's Uuid.randomUuid() it never starts with "-", which the storage tool's
 * argument parser would read as an option (1 run in 64 would fail to format).
 */
export function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString("base64url");
    if (!id.startsWith("-")) return id;
  }
}

/**
 * `java` arguments that run one Kafka node from `propsFile`; through OwnedLauncher (when javac
 * was there to build it) the node exits by itself once `ownerPid` is gone.
 */
export function kafkaJavaArgs(
  jars: KafkaJars,
  propsFile: string,
  ownerPid: number,
  heap = HEAP,
  classData: readonly string[] = [],
): string[] {
  const main = jars.launcher ? ["OwnedLauncher", "kafka.Kafka"] : ["kafka.Kafka"];
  return [
    ...heap,
    ...JVM_FLAGS,
    ...classData,
    `-Dcourse.owner.pid=${ownerPid}`,
    "-cp",
    jars.classpath,
    ...main,
    propsFile,
  ];
}

/**
 * The class archive every Kafka broker and cluster node of these jars shares (jvm/class-archive.ts).
 * The course broker writes it; a cluster's nodes (`write: false`) are killed or stopped by checks
 * that time the stop, so they only read it.
 */
export function brokerClassArchive(jars: KafkaJars, write = true): ClassArchive {
  return classArchive({ dir: jars.dir, name: "broker", classpath: jars.classpath, write });
}

/**
 * `kafka-storage format` for the node configured in `propsFile`, with the flags that bootstrap
 * its quorum (`quorumFormatArgs`); output appended to `logFile`.
 */
export function formatStorage(
  jars: KafkaJars,
  propsFile: string,
  clusterId: string,
  logFile: string,
  quorum: readonly string[],
): Promise<void> {
  const args = ["kafka.tools.StorageTool", "format", "-t", clusterId, "-c", propsFile, ...quorum];
  const cds = classArchive({ dir: jars.dir, name: "format", classpath: jars.classpath });
  return new Promise((resolve, reject) => {
    const p = spawn("java", ["-Xshare:auto", "-XX:TieredStopAtLevel=1", ...cds.flags, "-cp", jars.classpath, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    cds.adopt(p);
    let out = "";
    p.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    p.stderr?.on("data", (d: Buffer) => (out += d.toString()));
    p.on("error", reject);
    p.on("exit", async (code) => {
      await writeFile(logFile, out, { flag: "a" }).catch(() => {});
      if (code === 0) resolve();
      else {
        const tail = out.trim().split("\n").slice(-6).join("\n");
        reject(new BrokerStartError("jvm", `kafka-storage format failed (exit ${code}):\n${tail}`, out));
      }
    });
  });
}

async function killJvm(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await gone;
  clearTimeout(timer);
}

/** Data dirs of brokers whose owner died without cleaning up (the JVM itself exits on its own). */
export async function removeStaleDataDirs(): Promise<void> {
  const root = tmpdir();
  const entries = await readdir(root).catch(() => [] as string[]);
  for (const name of entries.filter((n) => n.startsWith(TMP_PREFIX))) {
    const dir = join(root, name);
    const owner = Number(await readFile(join(dir, "owner.pid"), "utf8").catch(() => "0"));
    if (owner > 0 && !isAlive(owner)) await rm(dir, { recursive: true, force: true }).catch(() => {});
  }
}

/** Re-exported for the services that watch their processes as the broker does. */
export { isAlive };
