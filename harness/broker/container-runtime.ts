import { existsSync } from "node:fs";
import { request } from "node:http";
import { homedir } from "node:os";
import { join } from "node:path";
import { KAFKA_IMAGE } from "./container-kafka.js";

/** Testcontainers 12 (its HTTP client) crashes on older Node versions. */
export const MIN_NODE_FOR_TESTCONTAINERS = 22;

export interface ContainerRuntimeReport {
  /** Where an engine answered, e.g. "unix:///var/run/docker.sock"; absent when none did. */
  readonly endpoint?: string;
  readonly kind?: "Docker" | "Podman";
  readonly version?: string;
  readonly apiVersion?: string;
  /** Whether the pinned image is already in the engine; undefined when that could not be asked. */
  readonly imagePresent?: boolean;
  /** Whether the course would start its broker in a container here. */
  readonly used: boolean;
  /** One sentence: why it is or is not used, with the next step when it is not. */
  readonly reason: string;
  /** Sockets looked at, in order, with what was found there. */
  readonly tried: readonly string[];
}

interface Endpoint {
  readonly url: string;
  readonly socketPath?: string;
  readonly host?: string;
  readonly port?: number;
  /** Testcontainers finds this endpoint without DOCKER_HOST. */
  readonly autoDetected: boolean;
}

/** Where Docker Desktop, Docker Engine, Colima, Rancher Desktop and Podman put their sockets. */
export function candidateEndpoints(env: Readonly<Record<string, string | undefined>> = process.env): Endpoint[] {
  const home = homedir();
  const runtimeDir = env.XDG_RUNTIME_DIR ?? `/run/user/${process.getuid?.() ?? 0}`;
  // Testcontainers looks at these by itself (its unix-socket and rootless strategies)...
  const found = [
    "/var/run/docker.sock",
    join(runtimeDir, "docker.sock"),
    join(home, ".docker/run/docker.sock"),
    join(home, ".docker/desktop/docker.sock"),
  ];
  // ...and needs DOCKER_HOST for these (Colima, Rancher Desktop, Podman).
  const needsEnv = [
    join(home, ".colima/default/docker.sock"),
    join(home, ".rd/docker.sock"),
    join(runtimeDir, "podman/podman.sock"),
    "/run/podman/podman.sock",
  ];
  const fromEnv = env.DOCKER_HOST ? [parseDockerHost(env.DOCKER_HOST)] : [];
  return [
    ...fromEnv,
    ...found.map((s) => ({ url: `unix://${s}`, socketPath: s, autoDetected: true })),
    ...needsEnv.map((s) => ({ url: `unix://${s}`, socketPath: s, autoDetected: false })),
  ];
}

export function parseDockerHost(value: string): Endpoint {
  if (value.startsWith("unix://")) {
    return { url: value, socketPath: value.slice("unix://".length), autoDetected: true };
  }
  const m = /^tcp:\/\/([^:/]+)(?::(\d+))?/.exec(value);
  if (m?.[1]) return { url: value, host: m[1], port: Number(m[2] ?? 2375), autoDetected: true };
  return { url: value, autoDetected: false };
}

function getJson(ep: Endpoint, path: string, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        path,
        timeout: timeoutMs,
        ...(ep.socketPath ? { socketPath: ep.socketPath } : { host: ep.host, port: ep.port }),
      },
      (res) => {
        let data = "";
        res.on("data", (c: Buffer) => (data += c.toString()));
        res.on("end", () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: data ? JSON.parse(data) : null });
          } catch {
            resolve({ status: res.statusCode ?? 0, body: null });
          }
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}

interface VersionBody {
  Version?: string;
  ApiVersion?: string;
  Components?: { Name?: string }[];
}

/**
 * What `doctor` shows about containers: the first engine that answers (Docker or Podman socket,
 * version), whether the pinned Kafka image is there, and whether the course would use it.
 * Asks the engine's HTTP API directly, so it works on any Node version and starts nothing.
 */
export async function describeContainerRuntime(
  env: Readonly<Record<string, string | undefined>> = process.env,
  timeoutMs = 2_000,
): Promise<ContainerRuntimeReport> {
  const tried: string[] = [];
  for (const ep of candidateEndpoints(env)) {
    if (ep.socketPath && !existsSync(ep.socketPath)) {
      tried.push(`${ep.url}: no socket`);
      continue;
    }
    if (!ep.socketPath && !ep.host) {
      tried.push(`${ep.url}: not a unix:// or tcp:// address`);
      continue;
    }
    let version: VersionBody;
    try {
      const r = await getJson(ep, "/version", timeoutMs);
      version = (r.body ?? {}) as VersionBody;
      if (r.status !== 200 || !version.Version) throw new Error(`HTTP ${r.status}`);
    } catch (e) {
      tried.push(`${ep.url}: does not answer (${(e as Error).message})`);
      continue;
    }
    const kind = version.Components?.some((c) => /podman/i.test(c.Name ?? "")) ? "Podman" : "Docker";
    tried.push(`${ep.url}: ${kind} ${version.Version}`);
    const image = await getJson(ep, `/images/${encodeURIComponent(KAFKA_IMAGE)}/json`, timeoutMs).then(
      (r) => (r.status === 200 ? true : r.status === 404 ? false : undefined),
      () => undefined,
    );
    const found = {
      endpoint: ep.url,
      kind,
      version: version.Version,
      ...(version.ApiVersion && { apiVersion: version.ApiVersion }),
      ...(image !== undefined && { imagePresent: image }),
    } as const;
    return { ...found, tried, ...usage(env, ep, image) };
  }
  return {
    used: false,
    reason:
      "no Docker or Podman engine answers: the course uses the next provider (a local broker on the JVM). " +
      "To use containers, start Docker (or Podman) or set DOCKER_HOST to its socket.",
    tried,
  };
}

function usage(
  env: Readonly<Record<string, string | undefined>>,
  ep: Endpoint,
  imagePresent: boolean | undefined,
): { used: boolean; reason: string } {
  const nodeMajor = Number(process.versions.node.split(".")[0]);
  if (env.KAFKA_BOOTSTRAP_SERVERS?.trim()) {
    return { used: false, reason: "KAFKA_BOOTSTRAP_SERVERS is set: the course uses that cluster instead" };
  }
  if (env.KAFKA_COURSE_PROVIDER && env.KAFKA_COURSE_PROVIDER !== "testcontainers") {
    return { used: false, reason: `KAFKA_COURSE_PROVIDER=${env.KAFKA_COURSE_PROVIDER} pins another provider` };
  }
  if (nodeMajor < MIN_NODE_FOR_TESTCONTAINERS) {
    return {
      used: false,
      reason: `Node ${process.versions.node} runs the course; Testcontainers needs Node ${MIN_NODE_FOR_TESTCONTAINERS}+ (use npm start, which runs the course's own Node)`,
    };
  }
  if (!ep.autoDetected) {
    return {
      used: false,
      reason: `Testcontainers does not look at ${ep.url} by itself: export DOCKER_HOST=${ep.url}`,
    };
  }
  const image =
    imagePresent === false ? `${KAFKA_IMAGE} will be pulled on first use` : `${KAFKA_IMAGE} is ready in the engine`;
  return { used: true, reason: `the course starts ${KAFKA_IMAGE} here with Testcontainers (${image})` };
}
