import type { Kafka } from "kafkajs";
import { testKafka, uniqueName, type ReadRecord } from "../../testkit/kafka.js";
import { teach } from "../../testkit/teach.js";
import { ROUTER, statusLine, strayTopics, type CdcWorld } from "./cdc-world.js";

export interface RoutedRecord extends ReadRecord {
  readonly topic: string;
}

async function connectorFailed(w: CdcWorld): Promise<boolean> {
  const res = await fetch(`${w.settings.connectUrl}/connectors/${w.settings.name}/status`).catch(() => undefined);
  if (!res?.ok) return false;
  const s = (await res.json()) as { connector: { state: string }; tasks: { state: string }[] };
  return [s.connector, ...s.tasks].some((t) => t.state === "FAILED");
}

/**
 * Reads the routed topics from the beginning until `until(records)` holds, the connector fails
 * (then at once, with its error), or `timeoutMs` passes; returns what arrived either way.
 */
export async function readRouted(
  w: CdcWorld,
  until: (records: readonly RoutedRecord[]) => boolean,
  timeoutMs = 12_000,
  kafka: Kafka = testKafka(),
): Promise<RoutedRecord[]> {
  const consumer = kafka.consumer({ groupId: uniqueName("course-cdc-reader"), maxWaitTimeInMs: 100 });
  const seen: RoutedRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...w.topics], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = String(v);
        seen.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers,
        });
      },
    });
    const deadline = Date.now() + timeoutMs;
    let nextStatus = Date.now() + 1_000;
    while (!until(seen) && Date.now() < deadline) {
      if (Date.now() > nextStatus) {
        if (await connectorFailed(w)) break;
        nextStatus = Date.now() + 1_000;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

/** Fails with what went wrong when none of `expected` event ids reached the routed topics. */
export async function teachNothingRouted(w: CdcWorld, records: readonly RoutedRecord[], what: string): Promise<void> {
  if (records.length > 0) return;
  const stray = await strayTopics(w);
  teach(false, {
    expected: `${what} on ${w.topics.join(" and ")}: the outbox event router routes each row by its aggregate_type column to outbox.event.<aggregate type>. Under Debezium's defaults it reads the columns id, aggregatetype, aggregateid, type and payload; this table's columns need route.by.field and the table.field.event.* settings`,
    actual: `nothing arrived within the time limit. ${await statusLine(w)}${stray.length ? ` Topics of this connector: ${stray.join(", ")}.` : ""}`,
    see: ROUTER,
  });
}
