import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { PROJECT_ROOT } from "../testing/course-root.js";

/**
 * No orphans: whatever stops the course (a signal to it or to npm, its terminal closing, SIGKILL),
 * every process it started is gone within 5 s. Real processes: the CLI starts its own JVM broker
 * (and, for lesson 13, the three-node cluster) and the test sends the signal mid-check.
 */
const BIN = join(PROJECT_ROOT, "harness", "bin", "kafka-course.js");

function children(): Map<number, number[]> {
  const byParent = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      byParent.set(ppid, [...(byParent.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone meanwhile
    }
  }
  return byParent;
}

/** Every process below `pid`, found through /proc (the JVMs, the check workers and their forks). */
function descendants(pid: number): number[] {
  const tree = children();
  const out: number[] = [];
  const walk = (p: number): void => (tree.get(p) ?? []).forEach((c) => (out.push(c), walk(c)));
  walk(pid);
  return out;
}

const alive = (pid: number): boolean => {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0];
    return state !== "Z";
  } catch {
    return false;
  }
};

async function until(ok: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (ok()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return ok();
}

interface Started {
  readonly child: ChildProcess;
  readonly output: () => string;
}

async function start(argv: string[], viaNpm = false): Promise<Started> {
  const stateDir = await mkdtemp(join(tmpdir(), "course-state-"));
  const [cmd, args] = viaNpm ? ["npm", ["run", "-s", "course", "--", ...argv]] : [process.execPath, [BIN, ...argv]];
  const child = spawn(cmd, args, {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      KAFKA_COURSE_STATE_DIR: stateDir,
      KAFKA_COURSE_PROVIDER: "jvm",
      KAFKA_BOOTSTRAP_SERVERS: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

const javas = (root: number): number[] =>
  descendants(root).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, "utf8").includes("kafka.Kafka");
    } catch {
      return false;
    }
  });

async function stopAndExpectNoOrphans(
  s: Started,
  when: (root: number) => boolean,
  signal: NodeJS.Signals,
  target: "course" | "npm" = "course",
): Promise<number> {
  const root = s.child.pid ?? -1;
  expect(await until(() => when(root), 150_000), s.output()).toBe(true);
  const course =
    target === "npm"
      ? (descendants(root).find((p) => readFileSync(`/proc/${p}/cmdline`, "utf8").includes(BIN.split("/").pop()!)) ??
        root)
      : root;
  const tree = [root, ...descendants(root)];
  process.kill(target === "npm" ? root : course, signal);
  const t0 = Date.now();
  const gone = await until(() => tree.every((p) => !alive(p)), 5_000);
  const left = tree.filter(alive);
  for (const p of left) process.kill(p, "SIGKILL");
  expect(gone, `still running 5 s after ${signal} to the ${target}: ${left.join(", ")}\n${s.output()}`).toBe(true);
  return Date.now() - t0;
}

const brokerReady = (s: Started) => () => /\[broker\] .* ready in/.test(s.output());

test.each(["SIGINT", "SIGTERM", "SIGHUP", "SIGKILL"] as const)(
  "%s to the course mid-check: the broker JVM and every check worker are gone within 5 s",
  { timeout: 200_000 },
  async (signal) => {
    const s = await start(["check", "hello-kafka", "--solution"]);
    const ms = await stopAndExpectNoOrphans(s, brokerReady(s), signal);
    if (signal !== "SIGKILL") expect(s.output()).toMatch(/cancelled: stopping the check/);
    console.log(`${signal} to the course: everything gone in ${ms} ms`);
  },
);

test.each(["SIGTERM", "SIGKILL"] as const)(
  "%s to npm (an IDE's stop button): the course notices its parent is gone and leaves nothing behind",
  { timeout: 200_000 },
  async (signal) => {
    const s = await start(["check", "hello-kafka", "--solution"], true);
    const ms = await stopAndExpectNoOrphans(s, brokerReady(s), signal, "npm");
    console.log(`${signal} to npm: everything gone in ${ms} ms`);
  },
);

test("SIGINT while the broker is still starting: nothing is left behind", { timeout: 200_000 }, async () => {
  const s = await start(["check", "hello-kafka", "--solution"]);
  const ms = await stopAndExpectNoOrphans(
    s,
    () => /\[broker\] (formatting|starting the broker JVM)/.test(s.output()),
    "SIGINT",
  );
  console.log(`SIGINT during the broker's start: everything gone in ${ms} ms`);
});

test(
  "SIGKILL to the course while the three-node cluster runs: all its JVMs are gone within 5 s",
  { timeout: 240_000 },
  async () => {
    const s = await start(["check", "under-replicated-report", "--solution"]);
    const ms = await stopAndExpectNoOrphans(s, (root) => javas(root).length >= 4, "SIGKILL");
    console.log(`SIGKILL with the cluster running: everything gone in ${ms} ms`);
  },
);
