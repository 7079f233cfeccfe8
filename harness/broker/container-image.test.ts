import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PROJECT_ROOT } from "../testing/course-root.js";
import { KAFKA_IMAGE } from "./container-kafka.js";
import { candidateEndpoints, describeContainerRuntime, parseDockerHost } from "./container-runtime.js";
import { pinnedKafkaVersion } from "./jvm-tools.js";

const CONFIGURE = join(PROJECT_ROOT, "scripts/docker/kafka-image/docker/configure");

test.skipIf(process.env.KAFKA_COURSE_IMAGE)(
  "the pinned image is the Kafka version the JVM provider resolves",
  async () => {
    expect(KAFKA_IMAGE).toBe(`apache/kafka:${await pinnedKafkaVersion()}`);
  },
);

describe("the image's entrypoint turns KAFKA_* variables into server.properties", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "kafka-course-configure-"));
    await writeFile(join(dir, "defaults.properties"), "process.roles=broker,controller\n");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Runs the script with exactly `env` (none of this machine's KAFKA_* variables leak in). */
  async function configure(env: Record<string, string>): Promise<{ status: number; out: string; props: string }> {
    const config = join(dir, `config-${Math.random().toString(36).slice(2)}`);
    const r = spawnSync("bash", [CONFIGURE], {
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        KAFKA_CONFIG_DIR: config,
        KAFKA_MOUNTED_CONFIG_DIR: join(dir, "not-mounted"),
        KAFKA_DEFAULT_PROPERTIES: join(dir, "defaults.properties"),
        ...env,
      },
      encoding: "utf8",
    });
    const props = await readFile(join(config, "server.properties"), "utf8").catch(() => "");
    return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}`, props };
  }

  test("one underscore is a dot, two an underscore, three a dash; names are lower-cased", async () => {
    const r = await configure({
      KAFKA_NODE_ID: "1",
      KAFKA_LOG_DIRS: "/var/lib/kafka/data",
      KAFKA_LISTENER_NAME_INTERNAL_SSL__CLIENT_AUTH: "none",
      KAFKA_CONFLUENT___METRICS_ENABLE: "false",
      KAFKA_TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS: "5000",
    });
    expect(r.status, r.out).toBe(0);
    expect(r.props.split("\n")).toEqual(
      expect.arrayContaining([
        "node.id=1",
        "log.dirs=/var/lib/kafka/data",
        "listener.name.internal.ssl_client.auth=none",
        "confluent-metrics.enable=false",
        "transaction.abort.timed.out.transaction.cleanup.interval.ms=5000",
      ]),
    );
  });

  test("JVM and logging variables are not broker properties", async () => {
    const r = await configure({ KAFKA_NODE_ID: "1", KAFKA_HEAP_OPTS: "-Xmx1G", KAFKA_OPTS: "-Dx=y" });
    expect(r.props).toContain("node.id=1");
    expect(r.props).not.toMatch(/heap|^opts=/m);
  });

  test("listeners default to the advertised listeners bound to 0.0.0.0", async () => {
    const r = await configure({ KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://localhost:32768,BROKER://kafka:9095" });
    expect(r.props).toContain("listeners=PLAINTEXT://0.0.0.0:32768,BROKER://0.0.0.0:9095");
  });

  test("KRaft mode needs a cluster id; a controller-only node takes no advertised listeners", async () => {
    const noId = await configure({ KAFKA_PROCESS_ROLES: "broker,controller" });
    expect(noId.status).not.toBe(0);
    expect(noId.out).toMatch(/CLUSTER_ID/);
    const controller = await configure({
      CLUSTER_ID: "x",
      KAFKA_PROCESS_ROLES: "controller",
      KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://h:1",
    });
    expect(controller.status).not.toBe(0);
    expect(controller.out).toMatch(/not supported on a KRaft controller/);
  });

  test("with no KAFKA_* variable the packaged single-node defaults are used", async () => {
    const r = await configure({});
    expect(r.status, r.out).toBe(0);
    expect(r.props).toBe("process.roles=broker,controller\n");
  });
});

describe("doctor's container runtime report", () => {
  let dir: string;
  let server: Server;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "kafka-course-engine-"));
    // A fake Podman engine answering the two requests the report makes.
    server = createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      if (req.url === "/version") {
        res.end(JSON.stringify({ Version: "5.4.2", ApiVersion: "1.41", Components: [{ Name: "Podman Engine" }] }));
      } else {
        res.statusCode = 404;
        res.end(JSON.stringify({ message: "no such image" }));
      }
    });
    await new Promise<void>((r) => server.listen(join(dir, "podman.sock"), r));
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  test("DOCKER_HOST comes first; unix and tcp addresses are understood", () => {
    expect(parseDockerHost("tcp://10.0.0.5:2376")).toMatchObject({ host: "10.0.0.5", port: 2376 });
    const eps = candidateEndpoints({ DOCKER_HOST: "unix:///x.sock", XDG_RUNTIME_DIR: "/run/user/7" });
    expect(eps[0]).toMatchObject({ url: "unix:///x.sock", socketPath: "/x.sock" });
    expect(eps.find((e) => e.url === "unix:///run/user/7/podman/podman.sock")?.autoDetected).toBe(false);
  });

  test("names the engine, its version and whether the image is there", async () => {
    const r = await describeContainerRuntime({ DOCKER_HOST: `unix://${join(dir, "podman.sock")}` });
    expect(r).toMatchObject({ kind: "Podman", version: "5.4.2", apiVersion: "1.41", imagePresent: false });
    expect(r.used).toBe(true);
    expect(r.reason).toContain(`${KAFKA_IMAGE} will be pulled on first use`);
  });

  test("says why the engine is not used", async () => {
    const env = { DOCKER_HOST: `unix://${join(dir, "podman.sock")}` };
    const r = await describeContainerRuntime({ ...env, KAFKA_BOOTSTRAP_SERVERS: "k:9092" });
    expect(r).toMatchObject({ used: false, reason: expect.stringMatching(/KAFKA_BOOTSTRAP_SERVERS/) });
    const pinned = await describeContainerRuntime({ ...env, KAFKA_COURSE_PROVIDER: "jvm" });
    expect(pinned.reason).toMatch(/pins another provider/);
  });

  test("a DOCKER_HOST that does not answer is reported as tried", async () => {
    const r = await describeContainerRuntime({ DOCKER_HOST: `unix://${join(dir, "missing.sock")}` });
    expect(r.tried[0]).toMatch(/missing\.sock: no socket/);
  });
});
