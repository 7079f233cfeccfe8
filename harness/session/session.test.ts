import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { jvmProvider, type JvmRunningBroker } from "../broker/jvm-provider.js";
import type { Exercise } from "../content/model.js";
import type { ServiceProviders } from "../services/types.js";
import { brokerFromContext } from "../runner/context.js";
import { PROJECT_ROOT } from "../testing/course-root.js";
import type { SessionEvent } from "./events.js";
import { resetExercise } from "./reset.js";
import { Session } from "./session.js";
import "../testkit/provided.js";

/**
 * The session against the faults a learner meets, with real processes: the course's broker dying,
 * a file the compiler refuses, a missing exercise file, a cancelled check. Fixtures live under
 * .course/ (git-ignored), never in the learner's exercises/.
 */
const fixtures = join(PROJECT_ROOT, ".course", "session-fixtures");
const stateDir = await mkdtemp(join(tmpdir(), "session-state-"));
process.env.KAFKA_COURSE_STATE_DIR = stateDir;

beforeAll(async () => {
  await rm(fixtures, { recursive: true, force: true });
  await mkdir(fixtures, { recursive: true });
});
afterAll(() => rm(fixtures, { recursive: true, force: true }));

async function solutionCopy(name: string, edit: (text: string) => string): Promise<string> {
  const root = join(fixtures, name);
  await cp(join(PROJECT_ROOT, "solutions", "02-topics-partitions"), join(root, "02-topics-partitions"), {
    recursive: true,
  });
  const file = join(root, "02-topics-partitions", "hello-kafka.ts");
  await writeFile(file, edit(await readFile(file, "utf8")));
  return root;
}

describe("a session on the suite's broker", () => {
  let session: Session;
  let hello: Exercise;
  beforeAll(async () => {
    session = await Session.open({
      root: PROJECT_ROOT,
      broker: { kind: "given", broker: brokerFromContext(inject("course")) },
      keepWarm: true,
    });
    hello = session.exercise("hello-kafka")!;
  });
  afterAll(() => session.close());

  test("a file the compiler refuses is a type-error with file:line, the compiler's words and the code", async () => {
    const root = await solutionCopy("type-error", (t) => t.replace("admin.createTopics(", "admin.createTopic("));
    const t0 = performance.now();
    const { result } = await session.check(hello, { target: { root } });
    expect(result.status).toBe("type-error");
    expect(result.tests).toEqual([]);
    expect(result.problem).toMatch(
      /hello-kafka\.ts:\d+:\d+ {2}Property 'createTopic' does not exist[^]*Did you mean 'createTopics'\?/,
    );
    expect(result.problem).toMatch(/> +\d+ \| .*admin\.createTopic\(/);
    console.log(`type-error verdict in ${Math.round(performance.now() - t0)} ms`);
  });

  test("a warm type check adds little to a check", async () => {
    const root = await solutionCopy("type-warm", (t) => `${t}\n// first save\n`);
    await session.check(hello, { target: { root }, budgetMs: 60_000 });
    const again = await solutionCopy("type-warm-2", (t) => `${t}\n// second save\n`);
    const t0 = performance.now();
    const { result } = await session.check(hello, { target: { root: again }, budgetMs: 60_000 });
    expect(result.status, JSON.stringify(result, null, 1)).toBe("passed");
    console.log(`warm check with type-check in ${Math.round(performance.now() - t0)} ms`);
  });

  test("a missing exercise file says so and how to get it back; a cancelled check is no attempt", async () => {
    const missing = await session.check(hello, { target: { root: join(fixtures, "nothing-here") } });
    expect(missing.result.status).toBe("load-error");
    expect(missing.result.problem).toMatch(
      /is missing\. `npm run course -- reset hello-kafka` puts the starting stub back/,
    );
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const cancelled = await session.check(hello, { signal: ac.signal });
    expect(cancelled.result.status).toBe("cancelled");
    expect(cancelled.recorded).toBeUndefined();
    expect(session.progress.exercises["hello-kafka"]).toBeUndefined();
  });
});

test("reset restores a deleted exercise file, and backs up one that exists", async () => {
  const root = await mkdtemp(join(tmpdir(), "reset-"));
  const e = { id: "demo", file: "demo.ts", stubPath: join(root, "exercises", "01-x", "demo.ts") } as Exercise;
  const first = await resetExercise(root, e, () => "export const stub = 1;\n");
  expect(first).toMatchObject({ ok: true, message: expect.stringMatching(/missing file .* is back/) as unknown });
  expect(await readFile(e.stubPath, "utf8")).toBe("export const stub = 1;\n");
  await writeFile(e.stubPath, "my work");
  const second = await resetExercise(root, e, () => "export const stub = 1;\n");
  expect(second.ok && second.backup && (await readFile(second.backup, "utf8"))).toBe("my work");
  expect(await resetExercise(root, e, () => undefined)).toMatchObject({ ok: false });
});

test(
  "the course's broker dies while the session is open: restarted, the check passes, no attempt lost",
  {
    timeout: 240_000,
  },
  async () => {
    const session = await Session.open({ root: PROJECT_ROOT, broker: { kind: "chain", providers: [jvmProvider()] } });
    const events: SessionEvent[] = [];
    session.subscribe((e) => events.push(e));
    try {
      const hello = session.exercise("hello-kafka")!;
      const first = (await session.startBroker()) as JvmRunningBroker;
      expect((await session.check(hello, { target: "solutions" })).result.status).toBe("passed");
      process.kill(first.pid, "SIGKILL");
      const t0 = performance.now();
      const { result } = await session.check(hello, { target: "solutions" });
      expect(result.status, JSON.stringify(result, null, 1)).toBe("passed");
      const restarted = (await session.startBroker()) as JvmRunningBroker;
      expect(restarted.pid).not.toBe(first.pid);
      expect(
        events.some((e) => e.type === "broker" && e.status.state === "starting" && /restarting/.test(e.status.message)),
      ).toBe(true);
      console.log(`broker killed → restarted → solution passed again in ${Math.round(performance.now() - t0)} ms`);
      expect(existsSync(first.dataDir)).toBe(false);
    } finally {
      await session.close();
    }
  },
);

test("prepare starts every service the exercises declare at once, and their checks use those", async () => {
  const opened: { id: string; at: number }[] = [];
  const t0 = performance.now();
  const fake = <K extends keyof ServiceProviders>(id: K): ServiceProviders[K] =>
    ({
      id,
      name: id,
      async open() {
        opened.push({ id, at: performance.now() - t0 });
        await new Promise((r) => setTimeout(r, 300));
        return {
          description: `fake ${id}`,
          startMs: 300,
          context: { url: `fake://${id}`, description: `fake ${id}` },
          healthy: async () => true,
          stop: async () => {},
        };
      },
    }) as unknown as ServiceProviders[K];
  const session = await Session.open({
    root: PROJECT_ROOT,
    broker: { kind: "given", broker: brokerFromContext(inject("course")) },
    services: {
      registry: fake("registry"),
      postgres: fake("postgres"),
      cluster: fake("cluster"),
      connect: fake("connect"),
    },
  });
  try {
    const all = session.course.lessons.flatMap((l) => l.exercises);
    await session.prepare(all);
    expect(await session.runningService("registry")).toMatchObject({ url: "fake://registry" });
    expect(await session.runningService("connect")).toMatchObject({ url: "fake://connect" });
    // Side by side: every start began before the first one (300 ms) ended; each service once.
    expect(opened.map((o) => o.id).sort()).toEqual(["cluster", "connect", "postgres", "registry"]);
    expect(Math.max(...opened.map((o) => o.at)) - Math.min(...opened.map((o) => o.at))).toBeLessThan(300);
    await session.prepare(all);
    expect(opened).toHaveLength(4);
  } finally {
    await session.close();
  }
});
