import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import {
  KAFKA_IMAGE,
  KafkaCourseContainer,
  OWNER_HOST_LABEL,
  OWNER_PID_LABEL,
  type ProxiedListener,
} from "./container-kafka.js";
import { MIN_NODE_FOR_TESTCONTAINERS } from "./container-runtime.js";
import { isAlive } from "./jvm-provider.js";
import { BrokerStartError, type BrokerProvider, type RunningBroker } from "./types.js";

export { KAFKA_IMAGE, kafkaImageEnv } from "./container-kafka.js";
export { describeContainerRuntime, type ContainerRuntimeReport } from "./container-runtime.js";

export interface ContainerRunningBroker extends RunningBroker {
  readonly containerId: string;
  /** Lesson 4's fault-injection listener, as the JVM provider offers it. */
  readonly proxied?: ProxiedListener;
}

export function containerProvider(): BrokerProvider {
  return {
    id: "testcontainers",
    async detect() {
      const node = Number(process.versions.node.split(".")[0]);
      if (node < MIN_NODE_FOR_TESTCONTAINERS) {
        return {
          usable: false,
          reason: `Testcontainers needs Node ${MIN_NODE_FOR_TESTCONTAINERS}+, this is Node ${process.versions.node}`,
        };
      }
      try {
        const { getContainerRuntimeClient } = await import("testcontainers");
        const client = await withTimeout(getContainerRuntimeClient(), 5_000, "the container runtime did not answer");
        return {
          usable: true,
          detail: `container engine ${client.info.containerRuntime.serverVersion} at ${client.info.containerRuntime.remoteSocketPath}, image ${KAFKA_IMAGE}`,
        };
      } catch (e) {
        return { usable: false, reason: `no Docker-compatible runtime answers (${firstLine(e)})` };
      }
    },
    start: (onProgress, signal) => startContainerBroker(onProgress, signal),
  };
}

export async function startContainerBroker(
  onProgress: (m: string) => void,
  signal?: AbortSignal,
): Promise<ContainerRunningBroker> {
  const t0 = performance.now();
  await removeOrphanedContainers(onProgress);
  const { getContainerRuntimeClient, ImageName } = await import("testcontainers");
  const client = await getContainerRuntimeClient();
  if (!(await client.image.exists(ImageName.fromString(KAFKA_IMAGE)).catch(() => true))) {
    onProgress(`pulling ${KAFKA_IMAGE} (first run only, a few hundred MB)`);
  }
  onProgress(`starting ${KAFKA_IMAGE} with Testcontainers`);
  let started;
  try {
    started = await new KafkaCourseContainer(KAFKA_IMAGE).withProxiedListener().start(signal);
  } catch (e) {
    if (signal?.aborted) throw e;
    const tail = (e as { logTail?: string }).logTail;
    throw new BrokerStartError("testcontainers", `could not start ${KAFKA_IMAGE}: ${firstLine(e)}`, tail);
  }
  const container = started;
  const id = container.getId();
  let removed = false;
  // Last resort when the process exits before the container is gone (stop() never called, or
  // still under way when something ends the process): a synchronous `docker rm`. Where that
  // cannot run (killed outright, no docker CLI) Ryuk removes the container, or, without Ryuk,
  // the next start does (its owner process is gone).
  const onExit = (): void => {
    if (!removed) spawnSync("docker", ["rm", "--force", "--volumes", id], { timeout: 10_000 });
  };
  process.once("exit", onExit);
  let stopping: Promise<void> | undefined;
  const proxied = container.getProxiedListener();
  return {
    provider: "testcontainers",
    description: `${KAFKA_IMAGE} in a container (Testcontainers) at ${container.getBootstrapServers()}`,
    connection: container.getConnection(),
    startMs: Math.round(performance.now() - t0),
    containerId: id,
    ...(proxied && { proxied }),
    stop() {
      stopping ??= (async () => {
        try {
          await container.stop();
        } catch (e) {
          // A stop that fails (an engine slow to answer, a conflict) must not leave the broker
          // running: remove it by force, and say so, rather than swallow the failure.
          onProgress(`stopping container ${id.slice(0, 12)} failed (${firstLine(e)}); removing it by force`);
          await forceRemove(id).catch((e2: unknown) =>
            onProgress(`could not remove container ${id.slice(0, 12)}: ${firstLine(e2)}`),
          );
        }
        removed = true;
        process.off("exit", onExit);
      })();
      return stopping;
    },
  };
}

async function forceRemove(id: string): Promise<void> {
  const { getContainerRuntimeClient } = await import("testcontainers");
  const client = await getContainerRuntimeClient();
  await client.container.getById(id).remove({ force: true, v: true });
}

/** Containers this machine's course runs started and whose process died before stopping them. */
export async function removeOrphanedContainers(onProgress: (m: string) => void = () => {}): Promise<string[]> {
  const { getContainerRuntimeClient } = await import("testcontainers");
  const client = await getContainerRuntimeClient();
  const removed: string[] = [];
  for (const info of await client.container.list()) {
    const labels = info.Labels ?? {};
    const owner = Number(labels[OWNER_PID_LABEL] ?? 0);
    if (!owner || labels[OWNER_HOST_LABEL] !== hostname() || isAlive(owner)) continue;
    onProgress(`removing container ${info.Id.slice(0, 12)} left by process ${owner}`);
    const c = client.container.getById(info.Id);
    await client.container.stop(c, { timeout: 0 }).catch(() => {});
    await client.container.remove(c, { removeVolumes: true }).catch(() => {});
    removed.push(info.Id);
  }
  return removed;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(message)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}
