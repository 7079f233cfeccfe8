import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { expect, test } from "vitest";
import { PROJECT_ROOT } from "../testing/course-root.js";
import { isAlive } from "./jvm-provider.js";
import { clusterKafka, nodePid, startCluster, startNode, stopCluster, stopNode } from "./cluster.js";

/** Under-replicated partitions of `topic` right now, as "partition:isr". */
async function shrunk(brokers: readonly string[], topic: string): Promise<string[]> {
  const admin = clusterKafka({ brokers }).admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    return (topics[0]?.partitions ?? [])
      .filter((p) => p.isr.length < p.replicas.length)
      .map((p) => `${p.partitionId}:${p.isr.join("/")}`);
  } finally {
    await admin.disconnect();
  }
}

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  let v = await probe();
  while (!ok(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    v = await probe();
  }
  return v;
}

test(
  "three KRaft nodes start, one stops (its replicas leave the ISR) and restarts (they rejoin), stop leaves nothing",
  { timeout: 240_000 },
  async () => {
    const state = await startCluster(process.pid);
    try {
      console.log(`cluster start: ${state.startMs} ms`);
      const admin = clusterKafka({ brokers: state.bootstrap }).admin();
      await admin.connect();
      const topic = `cluster-test-${Date.now()}`;
      try {
        expect((await admin.describeCluster()).brokers.map((b) => b.nodeId).sort()).toEqual([1, 2, 3]);
        await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 3 }], waitForLeaders: true });
      } finally {
        await admin.disconnect();
      }
      const stopMs = await stopNode(state, 2, "SIGKILL");
      expect(await nodePid(state.nodes[1]!)).toBeUndefined();
      const down = await eventually(
        () => shrunk(state.bootstrap, topic),
        (s) => s.length === 3,
        30_000,
      );
      expect(down).toHaveLength(3);
      // Every partition's ISR lost node 2 and kept the other two.
      for (const p of down) expect(p.split(":")[1]?.split("/").sort()).toEqual(["1", "3"]);
      const restartMs = await startNode(state, 2);
      const up = await eventually(
        () => shrunk(state.bootstrap, topic),
        (s) => s.length === 0,
        30_000,
      );
      expect(up).toEqual([]);
      console.log(`node stop (SIGKILL): ${stopMs} ms, node restart until it is a broker again: ${restartMs} ms`);
    } finally {
      await stopCluster(state);
    }
    for (const n of state.nodes) expect(await nodePid(n)).toBeUndefined();
    expect(existsSync(state.dir)).toBe(false);
  },
);

test("a session owner killed with SIGKILL leaves no cluster node running", { timeout: 120_000 }, async () => {
  const child = spawn(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, "harness/broker/cluster-child.ts")], {
    cwd: PROJECT_ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`cluster child exited early (${code})`)));
  });
  const { pids, dir } = JSON.parse(line) as { pids: number[]; dir: string };
  expect(pids.every((p) => p > 0 && isAlive(p))).toBe(true);
  process.kill(child.pid!, "SIGKILL");
  const gone = await eventually(
    async () => pids.filter(isAlive),
    (alive) => alive.length === 0,
    30_000,
  );
  expect(gone).toEqual([]);
  await rm(dir, { recursive: true, force: true });
});
