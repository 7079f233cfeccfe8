import { request } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { describe, test } from "vitest";
import { buildApp, type TaskCreated } from "@exercise/06-web-service/task-api.js";
import { createTopic, readTopic, testKafka, uniqueName, within } from "../../testkit/kafka.js";
import { teach } from "../../testkit/teach.js";
import { countingKafka, type CountingKafka } from "../../testkit/counting-kafka.js";
import { teachGroupLeft } from "../../testkit/leftovers.js";

const SEE_PRODUCER = "lesson 6, section “One producer per process”";
const SEE_ACK = "lesson 6, section “202 Accepted, after the acknowledgement”";
const SEE_CONSUMER = "lesson 6, section “A consumer beside the request path”";
const SEE_HEALTH = "lesson 6, section “Health that reflects the broker”";
const SEE_SHUTDOWN = "lesson 6, section “Graceful shutdown”";

interface Running {
  readonly app: FastifyInstance;
  readonly client: CountingKafka;
  readonly url: string;
  readonly seen: TaskCreated[];
  readonly groupId: string;
}

async function start(topic: string, name: string, prepare?: (app: FastifyInstance) => void): Promise<Running> {
  const client = countingKafka(uniqueName(name));
  const seen: TaskCreated[] = [];
  const groupId = uniqueName(`${name}-group`);
  const app = buildApp(client.kafka, {
    topic,
    groupId,
    onTaskEvent: async (e) => void seen.push(e),
  });
  prepare?.(app);
  await within(20_000, "app.listen (your onReady hook)", app.listen({ port: 0, host: "127.0.0.1" }));
  const { port } = app.server.address() as AddressInfo;
  // Requests go in once the background consumer fetches: a group still joining is not what is checked here.
  const fetching = await eventually(20_000, () => client.counts.consumersFetching > 0);
  if (!fetching) await app.close().catch(() => {});
  teach(fetching, {
    expected:
      "the background consumer fetching from the topic once app.listen() resolved (connect, subscribe and run it in an onReady hook)",
    actual: `no consumer made from the app's Kafka client was fetching 20 s later: ${describeCounts(client)}`,
    see: SEE_CONSUMER,
  });
  return { app, client, url: `http://127.0.0.1:${port}`, seen, groupId };
}

/** One POST on its own connection (no keep-alive), so app.close() is not kept waiting by the test's idle sockets. */
async function postTask(url: string, title: string): Promise<{ status: number; taskId?: string }> {
  const body = JSON.stringify({ title });
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/tasks`,
      {
        method: "POST",
        agent: false,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("error", reject);
        res.on("end", () => {
          let taskId: unknown;
          try {
            taskId = (JSON.parse(text) as { taskId?: unknown }).taskId;
          } catch {
            taskId = undefined;
          }
          resolve({ status: res.statusCode ?? 0, ...(typeof taskId === "string" && { taskId }) });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function eventually(ms: number, ok: () => boolean | Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await ok()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return ok();
}

function describeCounts(c: CountingKafka): string {
  const n = c.counts;
  return `producers connected ${n.producerConnects}, disconnected ${n.producerDisconnects}; consumers connected ${n.consumerConnects}, disconnected ${n.consumerDisconnects}; admins connected ${n.adminConnects}, disconnected ${n.adminDisconnects}; ${c.openSockets()} socket(s) to the broker still open`;
}

/** After close: every client made from the app's Kafka disconnected, no socket left open. */
async function expectAllClosed(client: CountingKafka): Promise<void> {
  const n = client.counts;
  const closed = await eventually(3_000, () => client.openSockets() === 0);
  teach(n.producerDisconnects >= n.producerConnects, {
    expected: "app.close() to disconnect the producer (in an onClose hook)",
    actual: `the producer is still connected after close: ${describeCounts(client)}`,
    see: SEE_SHUTDOWN,
  });
  teach(n.consumerDisconnects >= n.consumerConnects, {
    expected:
      "app.close() to disconnect the consumer: it stops fetching, finishes its event, commits, leaves the group",
    actual: `the consumer is still connected after close: ${describeCounts(client)}`,
    see: SEE_SHUTDOWN,
  });
  teach(n.adminDisconnects >= n.adminConnects && closed, {
    expected: "no connection to the broker left open after app.close()",
    actual: describeCounts(client),
    see: SEE_SHUTDOWN,
  });
}

describe.concurrent("The task API", () => {
  test(
    "POST /tasks publishes keyed events through one producer, the consumer sees them, close disconnects everything",
    { timeout: 60_000 },
    async () => {
      const kafka = testKafka();
      const topic = uniqueName("tasks");
      await createTopic(kafka, topic, 3);
      const { app, client, url, seen, groupId } = await start(topic, "task-api");
      let closed = false;
      try {
        const titles = ["Summarise the call", "Draft the reply", "Label the ticket", "Translate the notes"];
        const first = await within(15_000, "POST /tasks", postTask(url, titles[0] ?? ""));
        const rest = await within(15_000, "POST /tasks", Promise.all(titles.slice(1).map((t) => postTask(url, t))));
        const answers = [first, ...rest];
        teach(
          answers.every((a) => a.status === 202 && a.taskId),
          {
            expected: "every POST /tasks answered 202 with { taskId }",
            actual: `the answers were: ${answers.map((a) => `${a.status} ${a.taskId ?? "(no taskId)"}`).join(", ")}`,
            see: SEE_ACK,
          },
        );
        teach(client.counts.producers <= 1 && client.counts.producerConnects <= 1, {
          expected: "one producer for the whole app, connected once when it starts, shared by every request",
          actual: `${client.counts.producers} producers were created and ${client.counts.producerConnects} connected for ${answers.length} requests: a producer per request pays a connection and a metadata round-trip every time and leaks connections under load`,
          see: SEE_PRODUCER,
        });

        const records = await readTopic(kafka, topic, answers.length);
        for (const a of answers) {
          const record = records.find((r) => (JSON.parse(r.value ?? "{}") as TaskCreated).taskId === a.taskId);
          teach(record !== undefined, {
            expected: `the event of accepted task ${a.taskId} in topic ${topic}`,
            actual: `it is not there (${records.length} record(s) in the topic)`,
            see: SEE_ACK,
          });
          const event = JSON.parse(record.value ?? "{}") as TaskCreated;
          teach(record.key === a.taskId && event.type === "task.created" && titles.includes(event.title), {
            expected: `a task.created event keyed by its taskId ${a.taskId}, with the title posted`,
            actual: `key ${JSON.stringify(record.key)}, value ${record.value}`,
            see: SEE_ACK,
          });
        }

        const consumed = await eventually(20_000, () => answers.every((a) => seen.some((e) => e.taskId === a.taskId)));
        teach(consumed, {
          expected: "the background consumer to hand every event of the topic to onTaskEvent",
          actual: `onTaskEvent received ${seen.length} of ${answers.length} events within 20 s`,
          see: SEE_CONSUMER,
        });

        closed = true;
        await within(20_000, "app.close() (your onClose hook)", app.close());
        await expectAllClosed(client);
        await teachGroupLeft(kafka, groupId, "app.close()", SEE_SHUTDOWN);
      } finally {
        if (!closed) await app.close().catch(() => {});
      }
    },
  );

  test("closing the app while requests are in flight loses no accepted event", { timeout: 60_000 }, async () => {
    const kafka = testKafka();
    const topic = uniqueName("tasks-closing");
    await createTopic(kafka, topic, 1);
    const total = 20;
    let received = 0;
    let closing: Promise<void> | undefined;
    const { app, url } = await start(topic, "task-api-closing", (a) =>
      a.addHook("onRequest", async () => {
        // The last request has arrived: close while it (and maybe others) is still being handled.
        if (++received === total) closing = a.close();
      }),
    );
    try {
      const answers = await within(
        30_000,
        "POST /tasks during app.close()",
        Promise.all(
          Array.from({ length: total }, (_, i) => postTask(url, `Task ${i}`).catch(() => ({ status: 0 }) as const)),
        ),
      );
      await within(20_000, "app.close() (your onClose hook)", closing ?? app.close());
      const accepted = answers.filter((a): a is { status: number; taskId: string } => a.status === 202 && !!a.taskId);
      teach(accepted.length > 0, {
        expected: "requests in flight when close() starts to be finished and answered",
        actual: `none of ${total} requests was accepted (statuses: ${answers.map((a) => a.status).join(", ")})`,
        see: SEE_SHUTDOWN,
      });
      const records = await readTopic(kafka, topic, accepted.length);
      const stored = new Set(records.map((r) => r.key));
      const lost = accepted.filter((a) => !stored.has(a.taskId));
      teach(lost.length === 0, {
        expected: "every task answered 202 to have its event in the topic, also those accepted while the app closed",
        actual: `${lost.length} of ${accepted.length} accepted tasks have no event: the producer was disconnected before their send finished, or 202 was sent before the acknowledgement`,
        see: SEE_SHUTDOWN,
      });
    } finally {
      await (closing ?? app.close()).catch(() => {});
    }
  });

  test("POST /tasks never answers 202 when the broker refuses the event", { timeout: 60_000 }, async () => {
    const kafka = testKafka();
    const topic = uniqueName("tasks-refused");
    // Any record batch is larger than 16 bytes: the broker rejects every write (MESSAGE_TOO_LARGE).
    await createTopic(kafka, topic, 1, [{ name: "max.message.bytes", value: "16" }]);
    const { app } = await start(topic, "task-api-refused");
    try {
      const res = await within(
        30_000,
        "POST /tasks against a topic that refuses writes",
        app.inject({ method: "POST", url: "/tasks", payload: { title: "Never stored" } }),
      );
      teach(res.statusCode >= 500, {
        expected: "an error status (503) when the broker did not acknowledge the event, so the client retries",
        actual: `it answered ${res.statusCode} ${res.body} although the broker refused the event: the request was answered before the acknowledgement, and the client now believes in a task that does not exist`,
        see: SEE_ACK,
      });
    } finally {
      await app.close().catch(() => {});
    }
  });

  test("GET /health answers 200 while the broker answers and 503 during an outage", { timeout: 60_000 }, async () => {
    const kafka = testKafka();
    const topic = uniqueName("tasks-health");
    await createTopic(kafka, topic, 1);
    const { app, client } = await start(topic, "task-api-health");
    const health = async (): Promise<number> =>
      (await within(10_000, "GET /health", app.inject({ method: "GET", url: "/health" }))).statusCode;
    try {
      const before = await health();
      teach(before === 200, {
        expected: "GET /health to answer 200 while the broker is reachable",
        actual: `it answered ${before}`,
        see: SEE_HEALTH,
      });
      client.outage(true);
      let during = 0;
      const down = await eventually(10_000, async () => (during = await health()) === 503);
      teach(down, {
        expected: "GET /health to answer 503 once the broker is unreachable (every connection cut and refused)",
        actual: `it still answered ${during} 10 s into the outage: the health route does not ask the broker`,
        see: SEE_HEALTH,
      });
      client.outage(false);
      let after = 0;
      const up = await eventually(15_000, async () => (after = await health()) === 200);
      teach(up, {
        expected: "GET /health to answer 200 again once the broker is back",
        actual: `it answered ${after} 15 s after the broker came back`,
        see: SEE_HEALTH,
      });
    } finally {
      client.outage(false);
      await app.close().catch(() => {});
    }
  });
});
