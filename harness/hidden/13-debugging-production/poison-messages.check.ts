import { describe, test } from "vitest";
import {
  DLT_HEADERS,
  startPoisonSafeConsumer,
  type IncomingRecord,
  type PoisonSafeConsumer,
} from "@exercise/13-debugging-production/poison-messages.js";
import { createTopic, readTopic, testKafka, uniqueName, withAdmin, within } from "../../testkit/kafka.js";
import { countingKafka } from "../../testkit/counting-kafka.js";
import { teachClientsClosed, teachGroupLeft } from "../../testkit/leftovers.js";
import { teach } from "../../testkit/teach.js";

const SEE = "lesson 13, section “Poison messages, retries and a dead-letter topic”";
const MAX_ATTEMPTS = 3;
const BACKOFF_MS = 150;

interface Call {
  readonly value: string;
  readonly at: number;
  readonly ok: boolean;
}

async function groupLag(groupId: string, topic: string): Promise<{ committed: number; logEnd: number }> {
  return withAdmin(testKafka(), async (admin) => {
    const [ends, [committed]] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId, topics: [topic] }),
    ]);
    return {
      logEnd: Number(ends[0]?.high ?? 0),
      committed: Math.max(0, Number(committed?.partitions[0]?.offset ?? -1)),
    };
  });
}

async function until(cond: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
}

describe("Poison messages", () => {
  test("a poison record gets bounded retries with backoff, goes to the DLT with its context, and the partition keeps flowing", async () => {
    const kafka = testKafka();
    const topic = uniqueName("orders");
    const deadLetterTopic = `${topic}.dlt`;
    const groupId = uniqueName("poison-group");
    await Promise.all([createTopic(kafka, topic), createTopic(kafka, deadLetterTopic)]);
    const values = ["good-1", "flaky-1", "poison-1", "good-2", "good-3"];
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: values.map((v) => ({ key: "customer-7", value: v })) });
    await producer.disconnect();

    const calls: Call[] = [];
    let flakyFailures = 0;
    const handle = async (r: IncomingRecord): Promise<void> => {
      const value = r.value ?? "";
      const fail = value.startsWith("poison") ? new Error(`cannot parse payload of ${value}`) : undefined;
      const flaky = value.startsWith("flaky") && flakyFailures < 2;
      if (flaky) flakyFailures++;
      calls.push({ value, at: Date.now(), ok: !fail && !flaky });
      if (fail) throw fail;
      if (flaky) throw new Error("model provider timed out");
    };
    const attemptsOf = (v: string) => calls.filter((c) => c.value === v);
    const processed = () => calls.filter((c) => c.ok).map((c) => c.value);

    let consumer: PoisonSafeConsumer | undefined;
    const learner = countingKafka(uniqueName("poison-safe"));
    try {
      consumer = await within(
        15_000,
        "startPoisonSafeConsumer",
        startPoisonSafeConsumer(learner.kafka, {
          topic,
          groupId,
          deadLetterTopic,
          handle,
          maxAttempts: MAX_ATTEMPTS,
          backoffMs: BACKOFF_MS,
        }),
      );
      await until(() => processed().includes("good-3"), 12_000);
      const poison = attemptsOf("poison-1");
      if (!processed().includes("good-3")) {
        const { committed, logEnd } = await groupLag(groupId, topic);
        teach(false, {
          expected: `records behind a poison record keep flowing: after ${MAX_ATTEMPTS} attempts poison-1 is dead-lettered and good-2, good-3 are processed`,
          actual:
            poison.length > MAX_ATTEMPTS
              ? `the partition is stuck: poison-1 was tried ${poison.length} times (maxAttempts is ${MAX_ATTEMPTS}) and is still being retried; good-2 and good-3 were never processed, the group's lag is ${logEnd - committed} and grows with every new record. Unbounded retries turn one bad record into an outage of the whole partition`
              : `processed: ${processed().join(", ") || "nothing"}; poison-1 was tried ${poison.length} time(s); the group's committed offset is ${committed} of ${logEnd}`,
          see: SEE,
        });
      }
      teach(poison.length === MAX_ATTEMPTS, {
        expected: `poison-1 is tried exactly maxAttempts = ${MAX_ATTEMPTS} times (the first try included), then dead-lettered`,
        actual: `it was tried ${poison.length} time(s)`,
        see: SEE,
      });
      const flaky = attemptsOf("flaky-1");
      teach(flaky.length === 3 && flaky[2]?.ok === true, {
        expected: "flaky-1 fails twice (a timeout) and succeeds on its third attempt: a retry, not a dead letter",
        actual: `flaky-1 was tried ${flaky.length} time(s)${flaky.some((c) => c.ok) ? ", and succeeded" : ", never successfully"}`,
        see: SEE,
      });
      const gaps = poison.slice(1).map((c, i) => c.at - (poison[i]?.at ?? c.at));
      teach((gaps[0] ?? 0) >= BACKOFF_MS * 0.8 && (gaps[1] ?? 0) >= BACKOFF_MS * 2 * 0.8, {
        expected: `a backoff between attempts: about ${BACKOFF_MS} ms before the first retry, ${BACKOFF_MS * 2} ms before the second (exponential)`,
        actual: `the retries of poison-1 came ${gaps.map((g) => `${g} ms`).join(" and ")} apart: retrying without a pause hammers a dependency that is already failing and gives a transient fault no time to pass`,
        see: SEE,
      });
      teach(JSON.stringify(processed()) === JSON.stringify(["good-1", "flaky-1", "good-2", "good-3"]), {
        expected: "good-1, flaky-1, good-2, good-3 processed once each, in order",
        actual: `processed: ${processed().join(", ")}`,
        see: SEE,
      });

      const dead = await readTopic(kafka, deadLetterTopic, 1, { timeoutMs: 6_000 });
      teach(dead.length === 1, {
        expected: `poison-1 in the dead-letter topic ${deadLetterTopic}, so it can be inspected and replayed`,
        actual: "the dead-letter topic is empty: the poison record was dropped, and nobody will ever know it existed",
        see: SEE,
      });
      const d = dead[0]!;
      const want: Record<string, string> = {
        [DLT_HEADERS.topic]: topic,
        [DLT_HEADERS.partition]: "0",
        [DLT_HEADERS.offset]: "2",
        [DLT_HEADERS.attempts]: String(MAX_ATTEMPTS),
      };
      const wrong = Object.entries(want)
        .filter(([k, v]) => d.headers[k] !== v)
        .map(([k, v]) => `${k}: ${d.headers[k] === undefined ? "missing" : `"${d.headers[k]}"`}, expected "${v}"`);
      if (!d.headers[DLT_HEADERS.error]?.includes("cannot parse payload of poison-1")) {
        wrong.push(
          `${DLT_HEADERS.error}: ${d.headers[DLT_HEADERS.error] ?? "missing"}, expected the handler's error message`,
        );
      }
      teach(wrong.length === 0, {
        expected:
          "the dead letter carries its context in headers: original topic, partition, offset, the error message and the attempt count",
        actual: `dead-letter headers without context (${wrong.join("; ")}): without them nobody can tell where the record came from, why it failed or replay it`,
        see: SEE,
      });
      teach(d.value === "poison-1" && d.key === "customer-7", {
        expected: "the dead letter keeps the original key and value unchanged",
        actual: `key ${String(d.key)}, value ${String(d.value)}`,
        see: SEE,
      });
      let lag = await groupLag(groupId, topic);
      await until(async () => {
        lag = await groupLag(groupId, topic);
        return lag.committed === lag.logEnd;
      }, 8_000);
      teach(lag.committed === lag.logEnd, {
        expected: `the group's committed offset reaches the end of the partition (${lag.logEnd}): processed and dead-lettered records are committed`,
        actual: `committed offset ${lag.committed}: a restart would read those records again`,
        see: SEE,
      });
      await within(15_000, "stop()", consumer.stop());
      consumer = undefined;
      await teachGroupLeft(kafka, groupId, "stop()", SEE);
      await teachClientsClosed(learner, "stop()", SEE);
    } finally {
      await within(15_000, "stop()", consumer?.stop() ?? Promise.resolve());
    }
  });
});
