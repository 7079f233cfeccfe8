import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
import { readdir, readFile, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isAlive } from "../broker/jvm-provider.js";
import { freePort } from "../broker/ports.js";
import { mavenInto, ownedLauncher } from "../jvm/tools.js";
import { pollUntilAnswers } from "../services/poll.js";

const here = dirname(fileURLToPath(import.meta.url));
const POM_PATH = join(here, "pom.xml");
const HOST = "127.0.0.1";
const START_TIMEOUT_MS = 120_000;
/** Apicurio's Confluent-compatible API, which @kafkajs/confluent-schema-registry speaks. */
export const CCOMPAT_PATH = "/apis/ccompat/v7";

export function registryCacheRoot(): string {
  return process.env.KAFKA_COURSE_REGISTRY_CACHE ?? join(here, ".cache");
}

/** The Apicurio version the pom pins: one place decides it. */
export async function pinnedApicurioVersion(): Promise<string> {
  const m = /<apicurio\.version>([^<]+)<\/apicurio\.version>/.exec(await readFile(POM_PATH, "utf8"));
  if (!m?.[1]) throw new Error(`${POM_PATH} has no <apicurio.version>`);
  return m[1];
}

interface ApicurioApp {
  readonly version: string;
  readonly runnerJar: string;
  /** Directory with OwnedLauncher.class, or undefined when no javac was available. */
  readonly launcher: string | undefined;
}

/** The Apicurio app from Maven Central, unpacked into the cache once; later calls run no Maven. */
export async function resolveApicurio(onProgress: (m: string) => void): Promise<ApicurioApp> {
  const version = await pinnedApicurioVersion();
  const dir = join(registryCacheRoot(), `apicurio-${version}`);
  const runnerJar = join(dir, `apicurio-registry-app-${version}-runner.jar`);
  if (!existsSync(runnerJar)) {
    onProgress(`resolving Apicurio Registry ${version} from Maven Central (first run only, ~140 MB)`);
    // Unpack even when the plugin's marker (in target/) says it did so before: the cache may be gone.
    await mavenInto(POM_PATH, "unpack-dependencies", dir, "Apicurio Registry", ["-DoverWriteReleases=true"]);
  }
  const launcher = await ownedLauncher(join(dir, "launcher"));
  return {
    version,
    runnerJar,
    launcher,
  };
}

export interface RunningRegistry {
  /** Base URL for Confluent-API clients, e.g. http://127.0.0.1:41234/apis/ccompat/v7 */
  readonly url: string;
  readonly pid: number;
  readonly startMs: number;
  readonly description: string;
  readonly logFile: string;
}

/**
 * Starts Apicurio Registry (in-memory storage) on a free port in its own process group, so it can
 * outlive the check process that started it and serve the following checks. It exits by itself
 * when `ownerPid` is gone (OwnedLauncher); stopRegistry() ends it sooner.
 */
export async function startApicurio(ownerPid: number, onProgress: (m: string) => void): Promise<RunningRegistry> {
  const t0 = performance.now();
  const app = await resolveApicurio(onProgress);
  const port = await freePort(HOST);
  await removeStaleLogs();
  // The owner's pid in the name: a log whose owner died without stopping it is removed at the next start.
  const logFile = join(registryCacheRoot(), `registry-${ownerPid}-${port}.log`);
  const fd = openSync(logFile, "w");
  const flags = [
    "-Xms128m",
    "-Xmx512m",
    "-XX:+UseSerialGC",
    "-XX:TieredStopAtLevel=1",
    `-Dquarkus.http.port=${port}`,
    `-Dquarkus.http.host=${HOST}`,
  ];
  const args = app.launcher
    ? [
        ...flags,
        `-Dcourse.owner.pid=${ownerPid}`,
        "-cp",
        `${app.launcher}:${app.runnerJar}`,
        "OwnedLauncher",
        "--jar",
        app.runnerJar,
      ]
    : [...flags, "-jar", app.runnerJar];
  onProgress(`starting Apicurio Registry ${app.version} on ${HOST}:${port}`);
  const child = spawn("java", args, { detached: true, stdio: ["ignore", fd, fd], cwd: dirname(app.runnerJar) });
  closeSync(fd);
  child.unref();
  const pid = child.pid ?? -1;
  const url = `http://${HOST}:${port}${CCOMPAT_PATH}`;
  try {
    await waitUntilServes(url, START_TIMEOUT_MS, () => child.exitCode !== null || child.signalCode !== null);
  } catch (e) {
    stopRegistry(pid);
    const tail = await readFile(logFile, "utf8").then(
      (s) => s.split("\n").slice(-20).join("\n"),
      () => "",
    );
    throw new Error(`Apicurio Registry did not start: ${(e as Error).message}\n${tail}`, { cause: e });
  }
  return {
    url,
    pid,
    logFile,
    startMs: Math.round(performance.now() - t0),
    description: `Apicurio Registry ${app.version} on the JVM at ${url}`,
  };
}

export async function waitUntilServes(
  url: string,
  timeoutMs: number,
  gone: () => boolean = () => false,
): Promise<void> {
  await pollUntilAnswers(
    url,
    async () => {
      const res = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(2_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    },
    { timeoutMs, gone },
  );
}

export function stopRegistry(pid: number): void {
  if (pid <= 0) return;
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    // already gone
  }
}

async function removeStaleLogs(): Promise<void> {
  const root = registryCacheRoot();
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const owner = Number(/^registry-(\d+)-\d+\.log$/.exec(name)?.[1] ?? 0);
    if (owner > 0 && !isAlive(owner)) await rm(join(root, name), { force: true });
  }
}
