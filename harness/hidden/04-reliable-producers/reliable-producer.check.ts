import { Kafka, logLevel, type Producer } from "kafkajs";
import { afterAll, beforeAll, describe, test } from "vitest";
import {
  createTaskProducer,
  publishTaskEvent,
  type TaskEvent,
} from "@exercise/04-reliable-producers/reliable-producer.js";
import { startFaultProxy, type FaultProxy } from "../../testkit/fault-proxy.js";
import {
  courseContext,
  createTopic as createReadyTopic,
  readTopic,
  testKafka,
  uniqueName,
  withAdmin,
  within,
} from "../../testkit/kafka.js";
import { teach } from "../../testkit/teach.js";

const EXERCISE = "lesson 4, section “The exercise: a reliable task-events producer”";
const ACKS = "lesson 4, section “acks: who must have the record before the producer hears ok”";
const IDEMPOTENT = "lesson 4, section “The idempotent producer”";
const ERRORS = "lesson 4, section “Retriable and fatal errors”";
const RETRIES = "lesson 4, section “Retries and the delivery timeout”";
const REQUEST_TIMEOUT_MS = 1_500;

let proxy: FaultProxy | undefined;

beforeAll(async () => {
  const proxied = courseContext().proxied;
  if (proxied) proxy = await startFaultProxy(proxied);
});
afterAll(async () => {
  await proxy?.close();
});

/** A kafkajs client that reaches the broker only through the fault proxy, with a short request timeout. */
function proxiedKafka(): { kafka: Kafka; proxy: FaultProxy } {
  const proxied = courseContext().proxied;
  teach(proxied !== undefined && proxy !== undefined, {
    expected: "the course's own broker (the local KRaft broker), which has a listener for the fault-injecting proxy",
    actual:
      "this broker (KAFKA_BOOTSTRAP_SERVERS or a container) has no proxied listener, so this check cannot drop an acknowledgement; unset KAFKA_BOOTSTRAP_SERVERS and run it again",
    see: IDEMPOTENT,
  });
  const kafka = new Kafka({
    clientId: uniqueName("check-proxied"),
    brokers: [`${proxied.host}:${proxied.advertisedPort}`],
    requestTimeout: REQUEST_TIMEOUT_MS,
    connectionTimeout: 3_000,
    retry: { initialRetryTime: 100, retries: 2 },
    logLevel: logLevel.NOTHING,
  });
  return { kafka, proxy };
}

const createTopic = (topic: string, partitions: number, configEntries: { name: string; value: string }[] = []) =>
  createReadyTopic(testKafka(), topic, partitions, configEntries);

/** Records in a one-partition topic of a non-transactional producer: its log-end offset. */
async function recordCount(topic: string): Promise<number> {
  const offsets = await withAdmin(testKafka(), (admin) => admin.fetchTopicOffsets(topic));
  return offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
}

async function closeQuietly(producer: Producer | undefined): Promise<void> {
  if (producer) await within(5_000, "disconnect", producer.disconnect()).catch(() => {});
}

function failureOf(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

const event = (taskId: string, type: TaskEvent["type"], correlationId?: string): TaskEvent => ({
  taskId,
  type,
  title: `Summarise ticket ${taskId}`,
  ...(correlationId && { correlationId }),
});

describe("A reliable task-events producer", () => {
  test("publishes with acks=all, keyed by task id, with event-type and correlation-id headers", async () => {
    const { kafka, proxy } = proxiedKafka();
    const topic = uniqueName("reliable-publish");
    await createTopic(topic, 3);
    const sent = [
      event("task-1", "task.created", "req-1"),
      event("task-2", "task.created", "req-2"),
      event("task-1", "task.updated", "req-3"),
      event("task-3", "task.created"),
      event("task-2", "task.completed", "req-5"),
    ];
    const producer = await within(15_000, "createTaskProducer", createTaskProducer(kafka));
    try {
      for (const e of sent) await within(15_000, "publishTaskEvent", publishTaskEvent(producer, topic, e));
    } finally {
      await closeQuietly(producer);
    }

    const requests = proxy.produces.filter((p) => p.topics.includes(topic));
    const weak = requests.filter((p) => p.acks !== -1);
    teach(requests.length > 0 && weak.length === 0, {
      expected:
        "every produce request to ask for acks=all (-1): the leader answers only once all in-sync replicas have the record",
      actual: `the broker saw ${requests.length} produce request(s), ${weak.length} with acks=${weak.map((p) => p.acks).join(",")}; with acks=1 a record the leader acknowledged is lost if the leader fails before a follower copied it, with acks=0 the producer never learns of a failure`,
      see: ACKS,
    });

    const records = await readTopic(testKafka(), topic, sent.length);
    teach(records.length === sent.length, {
      expected: `${sent.length} records, one per published event`,
      actual: `${records.length} record(s)`,
      see: EXERCISE,
    });
    const unkeyed = records.filter((r) => r.key === null);
    teach(unkeyed.length === 0, {
      expected: "every record keyed by its task id, so a task's events share a partition and keep their order",
      actual: `${unkeyed.length} of ${records.length} records have no key: they are spread over partitions and a consumer can see task.updated before task.created`,
      see: EXERCISE,
    });
    for (const r of records) {
      const value = JSON.parse(r.value ?? "null") as TaskEvent | null;
      teach(value !== null && r.key === value.taskId, {
        expected: "key = event.taskId and value = JSON.stringify(event)",
        actual: `a record has key ${JSON.stringify(r.key)} and value ${r.value}`,
        see: EXERCISE,
      });
      const correlationId = r.headers["correlation-id"];
      teach(r.headers["event-type"] === value.type && !!correlationId, {
        expected: `headers "event-type" (${value.type}) and "correlation-id" on every record`,
        actual: `headers ${JSON.stringify(r.headers)}`,
        see: EXERCISE,
      });
      teach(!value.correlationId || correlationId === value.correlationId, {
        expected: "the event's own correlation id in the correlation-id header when it has one",
        actual: `event with correlation id ${value.correlationId} has header ${correlationId}`,
        see: EXERCISE,
      });
    }
  });

  test("a lost acknowledgement is retried without writing the event twice", async () => {
    const { kafka, proxy } = proxiedKafka();
    const topic = uniqueName("reliable-dropped-ack");
    await createTopic(topic, 1);
    const producer = await within(15_000, "createTaskProducer", createTaskProducer(kafka));
    try {
      proxy.dropNextResponse((p) => p.topics.includes(topic));
      await within(
        30_000,
        "publishTaskEvent after a lost acknowledgement",
        publishTaskEvent(producer, topic, event("task-1", "task.created")),
      ).catch((e: unknown) => {
        teach(false, {
          expected: `publishTaskEvent to retry when the broker's acknowledgement does not arrive within the request timeout (${REQUEST_TIMEOUT_MS} ms here): a request timeout is retriable`,
          actual: `it failed: ${failureOf(e)}`,
          see: RETRIES,
        });
      });
      await within(15_000, "publishTaskEvent", publishTaskEvent(producer, topic, event("task-1", "task.updated")));
    } finally {
      proxy.clear();
      await closeQuietly(producer);
    }
    const dropped = proxy.produces.filter((p) => p.topics.includes(topic) && p.dropped).length;
    teach(dropped === 1, {
      expected: "the check's proxy to have dropped one acknowledgement (a harness problem otherwise)",
      actual: `it dropped ${dropped}`,
      see: IDEMPOTENT,
    });
    const count = await recordCount(topic);
    teach(count === 2, {
      expected:
        "2 records: the broker wrote task.created, its acknowledgement was lost, the producer sent it again, and an idempotent producer's retry (same producer id and sequence number) is recognised by the broker and not stored again",
      actual:
        count > 2
          ? `${count} records: the retry was stored as a second copy, a duplicate after the dropped acknowledgement (is the producer idempotent?)`
          : `${count} record(s)`,
      see: IDEMPOTENT,
    });
  });

  test("a record the broker refuses is reported as a fatal PublishError, without retrying", async () => {
    const { kafka, proxy } = proxiedKafka();
    const topic = uniqueName("reliable-too-large");
    await createTopic(topic, 1, [{ name: "max.message.bytes", value: "1024" }]);
    const producer = await within(15_000, "createTaskProducer", createTaskProducer(kafka));
    try {
      const huge: TaskEvent = { ...event("task-9", "task.created"), title: "x".repeat(4_096) };
      const outcome = await within(
        10_000,
        "publishTaskEvent of a record too large for the topic",
        publishTaskEvent(producer, topic, huge),
      ).then(
        () => undefined,
        (e: unknown) => e as { kind?: unknown; name?: string; message?: string },
      );
      teach(outcome !== undefined, {
        expected: "publishTaskEvent to reject: the topic accepts records up to 1 KB and this one is 4 KB",
        actual: "it resolved as if the record had been written",
        see: ERRORS,
      });
      teach(outcome.kind === "fatal", {
        expected:
          'a PublishError with kind "fatal": MESSAGE_TOO_LARGE will fail the same way on every retry, the caller must fix the record or the topic',
        actual: `it rejected with kind ${JSON.stringify(outcome.kind)} (${outcome.name}: ${outcome.message})`,
        see: ERRORS,
      });
      const sends = proxy.produces.filter((p) => p.topics.includes(topic)).length;
      teach(sends === 1, {
        expected:
          "exactly 1 produce request for the refused record: MESSAGE_TOO_LARGE is fatal, a retry meets the same refusal",
        actual: `the broker saw ${sends} produce requests for it: the record was sent again after a fatal error (a retry loop around send, or a retriable classification); retry only what is retriable`,
        see: ERRORS,
      });
    } finally {
      await closeQuietly(producer);
    }
  });

  test("when acknowledgements keep failing, publishTaskEvent gives up with a retriable PublishError", async () => {
    const { kafka, proxy } = proxiedKafka();
    const topic = uniqueName("reliable-give-up");
    await createTopic(topic, 1);
    const producer = await within(15_000, "createTaskProducer", createTaskProducer(kafka, { retries: 2 }));
    try {
      proxy.dropAllResponses((p) => p.topics.includes(topic));
      const outcome = await within(
        12_000,
        "publishTaskEvent",
        publishTaskEvent(producer, topic, event("task-7", "task.created")),
      ).then(
        () => ({ resolved: true as const }),
        (e: unknown) => ({ resolved: false as const, error: e as { kind?: unknown; name?: string; message?: string } }),
      );
      if (!outcome.resolved && /did not finish within/.test(outcome.error.message ?? "")) {
        teach(false, {
          expected: `createTaskProducer(kafka, { retries: 2 }) to give up after 3 attempts of ${REQUEST_TIMEOUT_MS} ms each`,
          actual:
            "publishTaskEvent was still retrying after 12 s: unbounded retries (kafkajs has no delivery timeout: retry.retries is the only bound)",
          see: RETRIES,
        });
      }
      teach(!outcome.resolved, {
        expected: "publishTaskEvent to reject when no acknowledgement ever arrives",
        actual: "it resolved",
        see: ERRORS,
      });
      teach(outcome.error.kind === "retriable", {
        expected:
          'a PublishError with kind "retriable": the producer gave up on a transient condition (request timeouts); the caller may try again later',
        actual: `it rejected with kind ${JSON.stringify(outcome.error.kind)} (${outcome.error.name}: ${outcome.error.message})`,
        see: ERRORS,
      });
      const attempts = proxy.produces.filter((p) => p.topics.includes(topic)).length;
      teach(attempts === 3, {
        expected:
          "exactly 3 produce requests with createTaskProducer(kafka, { retries: 2 }): the first attempt and 2 retries, then give up",
        actual: `the broker saw ${attempts}: ${attempts > 3 ? "more attempts than the retry budget (retry.retries not taken from opts.retries, or the app sends again after kafkajs gave up)" : "fewer attempts than the retry budget (retry.retries not taken from opts.retries)"}`,
        see: RETRIES,
      });
    } finally {
      proxy.clear();
      await closeQuietly(producer);
    }
  });
});
