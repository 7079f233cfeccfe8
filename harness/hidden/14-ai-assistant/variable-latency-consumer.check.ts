import { describe, test, type TestContext } from "vitest";
import {
  startNotificationPipeline,
  type Channel,
  type NotificationRequest,
  type PipelineOptions,
  type RunningPipeline,
} from "@exercise/14-ai-assistant/notification-pipeline.js";
import { countingKafka, type CountingKafka } from "../../testkit/counting-kafka.js";
import { createTopic, testKafka, uniqueName, withAdmin, within } from "../../testkit/kafka.js";
import { teach } from "../../testkit/teach.js";

const SEE = "lesson 14, section “Exercise: fix the draft”";
const HANDOFF = "lesson 14, section “Where the conversation converged”";
const SESSION_MS = 6_000;
const RATES: Readonly<Record<Channel, number>> = { email: 6, sms: 4 };

/** The third-party API: a latency per request, call times per channel, and a switch that makes it fail. */
class Provider {
  readonly calls: { id: string; channel: Channel; at: number }[] = [];
  readonly delivered = new Map<string, number>();
  dying = false;

  constructor(private readonly latency: (r: NotificationRequest) => number) {}

  /** Calls (by number, from 0) that fail with a 503, as a provider's bad minute. */
  failing = new Set<number>();

  readonly deliver = async (r: NotificationRequest): Promise<void> => {
    // A dying process makes no new calls: fail at once, so stopping never waits on a slow batch.
    if (this.dying) throw new Error("the process is being killed (the check crashed it)");
    const n = this.calls.push({ id: r.id, channel: r.channel, at: Date.now() }) - 1;
    await new Promise((res) => setTimeout(res, this.latency(r)));
    if (this.dying) throw new Error("the process is being killed (the check crashed it)");
    if (this.failing.has(n)) throw new Error("503 Service Unavailable (the check's provider has a bad minute)");
    this.delivered.set(r.id, (this.delivered.get(r.id) ?? 0) + 1);
  };

  /** The most calls of one channel that started within any one second. */
  peak(channel: Channel): number {
    const times = this.calls.filter((c) => c.channel === channel).map((c) => c.at);
    let best = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while ((times[i] ?? 0) - (times[j] ?? 0) >= 1_000) j++;
      best = Math.max(best, i - j + 1);
    }
    return best;
  }
}

interface Run {
  readonly requests: readonly NotificationRequest[];
  readonly provider: Provider;
  readonly client: CountingKafka;
  readonly options: PipelineOptions;
  readonly running: RunningPipeline[];
}

/**
 * Mostly quick calls with a slow one in five (20 ms to 700 ms: the lesson's 50 ms–2 s, scaled
 * down so the checks stay short).
 */
const latency = (r: NotificationRequest) => {
  const n = Number(r.id.split("-").pop());
  return n % 5 === 0 ? 400 + ((n * 7919) % 300) : 20 + ((n * 7919) % 60);
};

async function prepare(ctx: TestContext, name: string, emails: number, sms: number): Promise<Run> {
  const kafka = testKafka();
  const sourceTopic = uniqueName(`${name}-requests`);
  const handoffTopic = uniqueName(`${name}-pending`);
  await createTopic(kafka, sourceTopic, 1);
  await createTopic(kafka, handoffTopic, 2);
  const requests: NotificationRequest[] = [];
  for (let i = 0; i < emails + sms; i++) {
    const channel: Channel = i % Math.ceil((emails + sms) / sms) === 0 ? "sms" : "email";
    requests.push({
      id: `${name}-${i}`,
      taskId: `task-${i % 7}`,
      channel,
      to: `user${i}@example.com`,
      text: `Task ${i} done`,
    });
  }
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: sourceTopic,
    messages: requests.map((r) => ({ key: r.taskId, value: JSON.stringify(r) })),
  });
  await producer.disconnect();
  const provider = new Provider(latency);
  const run: Run = {
    requests,
    provider,
    client: countingKafka(`check-${name}`),
    running: [],
    options: {
      sourceTopic,
      handoffTopic,
      groupId: uniqueName(`${name}-notifier`),
      deliver: provider.deliver,
      ratePerSecond: RATES,
      sessionTimeout: SESSION_MS,
    },
  };
  ctx.onTestFinished(async () => {
    run.provider.dying = true;
    await Promise.all(run.running.splice(0).map((p) => within(20_000, "stop()", p.stop()).catch(() => {})));
  });
  return run;
}

async function start(run: Run): Promise<RunningPipeline> {
  const p = await within(20_000, "startNotificationPipeline", startNotificationPipeline(run.client.kafka, run.options));
  run.running.push(p);
  return p;
}

async function until(ms: number, ok: () => boolean | Promise<boolean>): Promise<boolean> {
  const end = Date.now() + ms;
  while (!(await ok()) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  return ok();
}

async function intakeLag(run: Run): Promise<number> {
  return withAdmin(testKafka(), async (admin) => {
    const [committed] = await admin.fetchOffsets({
      groupId: `${run.options.groupId}-intake`,
      topics: [run.options.sourceTopic],
    });
    const ends = await admin.fetchTopicOffsets(run.options.sourceTopic);
    return ends.reduce((lag, p) => {
      const at = Number(committed?.partitions.find((c) => c.partition === p.partition)?.offset ?? -1);
      return lag + Number(p.high) - Math.max(at, 0);
    }, 0);
  });
}

const missing = (run: Run) => run.requests.filter((r) => !run.provider.delivered.has(r.id));

describe("A variable-latency, rate-limited notification pipeline", { concurrent: true }, () => {
  test("slow calls: intake keeps up, nobody is rebalanced, the provider's limits hold", async (ctx) => {
    const run = await prepare(ctx, "steady", 40, 16);
    const t0 = Date.now();
    await start(run);
    const caughtUp = await until(5_000, async () => (await intakeLag(run)) === 0);
    const lag = await intakeLag(run);
    teach(caughtUp, {
      expected: `the intake group (${run.options.groupId}-intake) has handed all ${run.requests.length} requests off within 5 s, while sending takes longer`,
      actual: `its lag on the requests topic is still ${lag} after ${Date.now() - t0} ms: the slow sending happens inside the intake consumer. Hand requests off to a topic and send from a second group`,
      see: HANDOFF,
    });
    // Ends early at a rebalance or a burst over the limit: both fail below.
    const overLimit = () => (["email", "sms"] as const).some((c) => run.provider.peak(c) > RATES[c] + 1);
    await until(18_000, () => missing(run).length === 0 || run.client.counts.rejoins > 0 || overLimit());
    teach(run.client.counts.rejoins === 0, {
      expected: "no rebalance while slow messages are processed: each consumer joins its group once",
      actual: `consumers rejoined their group ${run.client.counts.rejoins} time(s) (joins per group: ${JSON.stringify(run.client.counts.joinsByGroup)}). A batch of slow calls outlasted the ${SESSION_MS} ms session timeout: call heartbeat() between messages (or process message by message) so the coordinator knows you are alive`,
      see: SEE,
    });
    for (const channel of ["email", "sms"] as const) {
      const peak = run.provider.peak(channel);
      teach(peak <= RATES[channel] + 1, {
        expected: `at most ${RATES[channel]} ${channel} calls in any one second (the provider's limit)`,
        actual: `rate limit exceeded: ${peak} ${channel} calls within one second. Pace calls per channel (a token bucket or one call every 1000/rate ms) before calling deliver`,
        see: SEE,
      });
    }
    teach(missing(run).length === 0, {
      expected: `all ${run.requests.length} notifications delivered within 18 s`,
      actual: `${missing(run).length} never delivered (${missing(run)
        .slice(0, 5)
        .map((r) => r.id)
        .join(", ")}…)`,
      see: SEE,
    });
  });

  test("failed calls and a crash in the middle lose nothing", async (ctx) => {
    const run = await prepare(ctx, "crash", 12, 6);
    run.provider.failing = new Set([2, 3, 4]);
    const first = await start(run);
    await until(8_000, () => run.provider.delivered.size >= 6);
    // From now on the process is dying: calls in flight fail, and it stops.
    run.provider.dying = true;
    await within(20_000, "stop() during the crash", first.stop());
    run.running.splice(run.running.indexOf(first), 1);
    run.provider.dying = false;
    await start(run);
    // Done when all are delivered, or when the restarted pipeline has been quiet for 5 s (8 s
    // after the restart if it never called: time to join its groups).
    const restartedAt = Date.now();
    const quiet = () => Date.now() - Math.max(restartedAt + 3_000, run.provider.calls.at(-1)?.at ?? 0) > 5_000;
    await until(15_000, () => missing(run).length === 0 || quiet());
    teach(missing(run).length === 0, {
      expected:
        "every request delivered at least once despite failed calls, a crash and a restart with the same groups",
      actual: `${missing(run).length} of ${run.requests.length} were never delivered (${missing(run)
        .slice(0, 5)
        .map((r) => r.id)
        .join(
          ", ",
        )}): their offsets were committed although their calls failed. Resolve/commit a message only after deliver succeeded, and never swallow a failed call`,
      see: SEE,
    });
  });
});
