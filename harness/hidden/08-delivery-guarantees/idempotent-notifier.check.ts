import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test, type TestContext } from "vitest";
import {
  startNotifier,
  type Notification,
  type NotifierOptions,
  type RunningNotifier,
  type TaskEvent,
} from "@exercise/08-delivery-guarantees/idempotent-notifier.js";
import { kafkaArg, recorded, recorderArg, startLearnerProcess } from "../../testkit/learner-process.js";
import { createTopic, testKafka, uniqueName, withAdmin, within } from "../../testkit/kafka.js";
import { teach } from "../../testkit/teach.js";
import { patientKafka, retryTransient } from "../../testkit/transient.js";

const SEE = "lesson 8, section “Exercise: a notifier that sends once”";
const IDEMPOTENT = "lesson 8, section “Idempotent consumers”";
const ORDER = "lesson 8, section “The order of send and mark”";
const SESSION_MS = 6_000;
const titles = ["Summarise the call", "Draft the reply", "Label the ticket", "Translate the notes", "Rank the leads"];

/** A provider that remembers every notification it accepted, and can fail chosen ones once. */
class Provider {
  readonly sent: Notification[] = [];
  /** Files where instances running in their own process record what they sent. */
  readonly files: string[] = [];
  private readonly failOnce = new Set<string>();
  readonly failed: string[] = [];

  constructor(failOnce: readonly string[] = []) {
    failOnce.forEach((id) => this.failOnce.add(id));
  }

  readonly send = async (n: Notification): Promise<void> => {
    if (this.failOnce.delete(n.eventId)) {
      this.failed.push(n.eventId);
      throw new Error(`provider unavailable (the check fails ${n.eventId} once)`);
    }
    this.sent.push(n);
  };

  count(eventId: string): number {
    const elsewhere = this.files.flatMap((f) => recorded<Notification>(f).values);
    return [...this.sent, ...elsewhere].filter((n) => n.eventId === eventId).length;
  }
}

interface Scenario {
  readonly topic: string;
  readonly groupId: string;
  readonly dir: string;
  readonly dbPath: string;
  readonly events: readonly TaskEvent[];
  readonly running: RunningNotifier[];
}

async function scenario(ctx: TestContext, name: string, count: number): Promise<Scenario> {
  const kafka = testKafka();
  const topic = uniqueName(`${name}-topic`);
  await createTopic(kafka, topic, 1);
  const dir = mkdtempSync(join(tmpdir(), "notifier-"));
  const events = titles.slice(0, count).map<TaskEvent>((title, i) => ({
    eventId: `${name}-evt-${i + 1}`,
    // Two events per task: a dedupe keyed by the task would swallow the second one.
    taskId: `task-${Math.floor(i / 2) + 1}`,
    type: "task.created",
    title,
    assignee: `agent-${i + 1}@example.com`,
  }));
  const sc: Scenario = {
    topic,
    groupId: uniqueName(`${name}-group`),
    dir,
    dbPath: join(dir, "sent.db"),
    events,
    running: [],
  };
  ctx.onTestFinished(async () => {
    await Promise.all(sc.running.splice(0).map((n) => within(15_000, "stop()", n.stop()).catch(() => {})));
  });
  return sc;
}

async function publish(topic: string, events: readonly TaskEvent[]): Promise<void> {
  const producer = patientKafka().producer();
  await producer.connect();
  await producer.send({ topic, messages: events.map((e) => ({ key: e.taskId, value: JSON.stringify(e) })) });
  await producer.disconnect();
}

async function start(sc: Scenario, send: NotifierOptions["send"], extra: Partial<NotifierOptions> = {}) {
  const options: NotifierOptions = {
    topic: sc.topic,
    groupId: sc.groupId,
    dbPath: sc.dbPath,
    send,
    sessionTimeout: SESSION_MS,
    ...extra,
  };
  const n = await within(20_000, "startNotifier", startNotifier(patientKafka(), options));
  sc.running.push(n);
  return n;
}

/**
 * A new instance in a fresh Node process, with the same database: what a restart or a second
 * deployment is. State the learner kept in memory (a module-level Set) is not there.
 */
async function startInNewProcess(ctx: TestContext, sc: Scenario, provider: Provider): Promise<void> {
  const file = join(sc.dir, `sent-${provider.files.length + 1}.jsonl`);
  provider.files.push(file);
  const options = { topic: sc.topic, groupId: sc.groupId, dbPath: sc.dbPath, sessionTimeout: SESSION_MS };
  const p = await startLearnerProcess({
    module: "@exercise/08-delivery-guarantees/idempotent-notifier.js",
    exportName: "startNotifier",
    args: [kafkaArg, { ...options, send: recorderArg(file) }],
  });
  ctx.onTestFinished(async () => {
    await within(15_000, "stop()", p.call("stop")).catch(() => {});
    await p.exit();
  });
}

async function stop(sc: Scenario, n: RunningNotifier): Promise<void> {
  sc.running.splice(sc.running.indexOf(n), 1);
  await within(15_000, "stop()", n.stop());
  const members = await retryTransient(() =>
    withAdmin(testKafka(), async (a) => (await a.describeGroups([sc.groupId])).groups[0]?.members.length ?? 0),
  );
  teach(members === 0, {
    expected: `no member left in group ${sc.groupId} once stop() has returned`,
    actual: `the group still has ${members} member(s): stop() did not disconnect the consumer, so it stays in the group holding its partition; call consumer.disconnect() in stop()`,
    see: SEE,
  });
}

async function committed(sc: Scenario): Promise<number> {
  const offsets = await retryTransient(() =>
    withAdmin(testKafka(), (a) => a.fetchOffsets({ groupId: sc.groupId, topics: [sc.topic] })),
  );
  return Number(offsets[0]?.partitions[0]?.offset ?? -1);
}

/** Waits until the group has committed `end` (every record handled), then a little longer. */
async function untilCommitted(sc: Scenario, end: number, what: string): Promise<void> {
  const deadline = Date.now() + 25_000;
  let at = -1;
  while (Date.now() < deadline) {
    at = await committed(sc);
    if (at >= end) {
      await new Promise((r) => setTimeout(r, 300));
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  teach(false, {
    expected: `${what}: the group commits offset ${end} (all ${end} records handled)`,
    actual: `after 25 s its committed offset is ${at}: the notifier stopped making progress (does it commit after each event?)`,
    see: SEE,
  });
}

async function until(ms: number, ok: () => boolean): Promise<boolean> {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  return ok();
}

function expectEachSentOnce(sc: Scenario, provider: Provider, after: string, why: (id: string) => string): void {
  for (const e of sc.events) {
    const n = provider.count(e.eventId);
    const sibling = sc.events.find(
      (o) => o.taskId === e.taskId && o.eventId !== e.eventId && provider.count(o.eventId) > 0,
    );
    teach(n === 1, {
      expected: `the notification for ${e.eventId} sent exactly once, even after ${after}`,
      actual:
        n === 0 && sibling
          ? `it was never sent, though ${sibling.eventId} of the same task ${e.taskId} was: the dedupe store is keyed by the task, so the task's second event looked like a duplicate. Key it by the event's own id (eventId): one task has many events`
          : n === 0
            ? `it was never sent${why(e.eventId) ? `: ${why(e.eventId)}` : ""}`
            : `it was sent ${n} times: ${why(e.eventId)}`,
      see: IDEMPOTENT,
    });
  }
}

describe("An idempotent notification consumer", { concurrent: true }, () => {
  test("an event published twice is sent once", async (ctx) => {
    const sc = await scenario(ctx, "republished", 4);
    const [e1, e2, e3, e4] = sc.events as [TaskEvent, TaskEvent, TaskEvent, TaskEvent];
    await publish(sc.topic, [e1, e2, e3, e4, e2, e4]);
    const provider = new Provider();
    const handled: string[] = [];
    await start(sc, provider.send, { beforeCommit: async (n) => void handled.push(n.eventId) });
    await untilCommitted(sc, 6, "six records, two of them re-published events");
    // The side effect of handling is counted, not only the offsets: a consumer that never marks
    // records as processed reads them again and again while its commits look right.
    teach(handled.length <= 6, {
      expected: "each of the 6 records handled once (options.beforeCommit called 6 times in all)",
      actual: `beforeCommit was called ${handled.length} times for 6 records: the consumer handles the same records again and again. With eachBatch, call resolveOffset(message.offset) after each record (or keep eachBatchAutoResolve), so the next fetch starts after them`,
      see: SEE,
    });
    expectEachSentOnce(
      sc,
      provider,
      "the same event was published again at a later offset",
      () =>
        "the event was published twice, at two offsets, with the same eventId; key the dedupe store by the event's own id, not by partition and offset",
    );
  });

  // A fresh Node process for the restart takes a few seconds to load on a busy machine.
  test("a crash after sending and before committing does not send again", { timeout: 60_000 }, async (ctx) => {
    const sc = await scenario(ctx, "crash", 5);
    await publish(sc.topic, sc.events);
    const provider = new Provider();
    const victim = sc.events[2]?.eventId ?? "";
    let crashed = false;
    const first = await start(sc, provider.send, {
      beforeCommit: async (n) => {
        if (n.eventId === victim) crashed = true;
        // From the crash on, this instance is dead: nothing it does may reach the commit.
        if (crashed) throw new Error("simulated crash between the side effect and the commit");
      },
    });
    const reached = await until(20_000, () => crashed);
    teach(reached, {
      expected: `the first instance sends ${victim} and then calls options.beforeCommit before committing`,
      actual: `beforeCommit was never called for ${victim} within 20 s (sent so far: ${provider.sent.map((n) => n.eventId).join(", ") || "nothing"})`,
      see: SEE,
    });
    await stop(sc, first);
    teach((await committed(sc)) < 3, {
      expected: `no offset past ${victim} committed by the instance that crashed before committing it`,
      actual: `the group's committed offset is ${await committed(sc)}: commit only after beforeCommit returned`,
      see: SEE,
    });
    await startInNewProcess(ctx, sc, provider);
    await untilCommitted(sc, 5, "a new instance, in a new process, with the same database and group");
    expectEachSentOnce(sc, provider, "a crash and a restart in a new process with the same database", (id) =>
      id === victim
        ? "the first instance sent it and crashed before committing; the new instance, in a fresh process, got it again and sent it again. The dedupe store must be durable (the SQLite file at dbPath): an in-memory set, even one at module level, is empty after a restart"
        : "",
    );
  });

  test("replaying the topic from the beginning sends nothing again", { timeout: 60_000 }, async (ctx) => {
    const sc = await scenario(ctx, "replay", 3);
    await publish(sc.topic, sc.events);
    const provider = new Provider();
    await start(sc, provider.send);
    await untilCommitted(sc, 3, "the first run");
    // A replay from offset 0, as after an offset reset or a redeployment under a new group id: a
    // second instance with the same database reads the whole topic again.
    const replay: Scenario = { ...sc, groupId: uniqueName("replay-group-2") };
    await startInNewProcess(ctx, replay, provider);
    await untilCommitted(replay, 3, "a replay from offset 0 by a new instance in a new process");
    expectEachSentOnce(
      sc,
      provider,
      "the topic was replayed from the beginning by a new instance",
      () =>
        "the replay delivered it again and it was sent again. Remember sent event ids in a durable store (SQLite) that a new instance opens, not in memory",
    );
  });

  test("a send that fails is retried and still happens once", async (ctx) => {
    const sc = await scenario(ctx, "provider-down", 3);
    await publish(sc.topic, sc.events);
    const flaky = sc.events[1]?.eventId ?? "";
    const provider = new Provider([flaky]);
    await start(sc, provider.send);
    await untilCommitted(sc, 3, "one failed send along the way");
    const n = provider.count(flaky);
    teach(n === 1, {
      expected: `${flaky} sent once: the provider failed the first attempt, so the event must be handled again`,
      actual:
        n === 0
          ? `it was never sent: its id was recorded as sent before the send succeeded, so the retry skipped it. Send first, record after (recording first is at-most-once)`
          : `it was sent ${n} times`,
      see: ORDER,
    });
    expectEachSentOnce(sc, provider, "one failed send", () => "");
  });
});
