import { describe, test } from "vitest";
import { lagReport, type PartitionLag } from "@exercise/05-robust-consumers/lag-report.js";
import { createTopic, testKafka, uniqueName, withAdmin, within } from "../../testkit/kafka.js";
import { countingKafka } from "../../testkit/counting-kafka.js";
import { teachClientsClosed } from "../../testkit/leftovers.js";
import { teach } from "../../testkit/teach.js";

const SEE = "lesson 5, section “Lag: how far behind is the group”";

async function produce(topic: string, perPartition: readonly number[]): Promise<void> {
  // Idempotent: a retry of the test's own send under load must not add a record the report would count.
  const producer = testKafka().producer({ idempotent: true });
  await producer.connect();
  try {
    await producer.send({
      topic,
      messages: perPartition.flatMap((n, partition) =>
        Array.from({ length: n }, (_, i) => ({ partition, key: `task-${partition}-${i}`, value: `event ${i}` })),
      ),
    });
  } finally {
    await producer.disconnect();
  }
}

/** Commits offsets for a group the way a member would (faster than admin.setOffsets, which waits for a fetch). */
async function commitAs(
  groupId: string,
  topic: string,
  offsets: readonly { partition: number; offset: string }[],
): Promise<void> {
  const consumer = testKafka().consumer({ groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const fetched = new Promise<void>((r) => consumer.on(consumer.events.FETCH, () => r()));
    await consumer.run({ autoCommit: false, eachMessage: async () => {} });
    // Once it has fetched, the member's assignment and the topic's metadata are loaded.
    await within(10_000, "the test's committing consumer to fetch", fetched);
    await consumer.commitOffsets(offsets.map((o) => ({ topic, ...o })));
  } finally {
    await consumer.disconnect();
  }
}

function show(rows: readonly PartitionLag[]): string {
  return rows
    .map((r) => `p${r.partition}: log-end ${r.logEndOffset}, committed ${r.committedOffset}, lag ${r.lag}`)
    .join("; ");
}

/** Compares the report with the expected rows and says, per kind of mistake, what the lesson teaches. */
function expectReport(got: unknown, want: readonly PartitionLag[], situation: string): void {
  teach(Array.isArray(got) && got.length === want.length, {
    expected: `one row per partition (${want.length}), sorted by partition`,
    actual: Array.isArray(got) ? `${got.length} row(s)` : `lagReport returned ${typeof got}`,
    see: SEE,
  });
  const rows = got as PartitionLag[];
  const problems: string[] = [];
  want.forEach((w, i) => {
    const r = rows[i];
    if (r?.partition !== w.partition) {
      problems.push(`row ${i} is partition ${r?.partition}, expected ${w.partition} (sort by partition)`);
      return;
    }
    if (r.logEndOffset !== w.logEndOffset) {
      problems.push(
        `p${w.partition}: log-end offset ${String(r.logEndOffset)}, expected ${w.logEndOffset}. The log-end offset is fetchTopicOffsets' \`high\` (= \`offset\`); \`low\` is the oldest offset still retained`,
      );
    }
    if (r.committedOffset !== w.committedOffset) {
      problems.push(
        `p${w.partition}: committed offset ${String(r.committedOffset)}, expected ${String(w.committedOffset)}${w.committedOffset === null ? " (the group never committed on this partition: fetchOffsets reports -1, which means none)" : ""}`,
      );
    }
    if (r.lag !== w.lag) {
      problems.push(
        w.committedOffset === null
          ? `p${w.partition}: lag ${String(r.lag)}, expected ${w.lag}. The group never committed on this partition: fetchOffsets says -1, which is "no commit", not an offset to subtract; the group would start at the oldest retained event (\`low\`), so the lag is log-end − low`
          : `p${w.partition}: lag ${String(r.lag)}, expected ${w.lag}. Lag is the log-end offset minus the committed offset, nothing added or taken away: the committed offset already is the next offset to read`,
      );
    }
  });
  teach(problems.length === 0, {
    expected: `${situation}: ${show(want)}`,
    actual: `${problems.join("\n")}\n(report: ${show(rows)})`,
    see: SEE,
  });
}

// Each test has its own topic and group: they run side by side.
describe.concurrent("Consumer lag report", () => {
  test("reports log-end offset, committed offset and lag per partition, exactly", async () => {
    const kafka = testKafka();
    const topic = uniqueName("lag-known");
    const groupId = uniqueName("lag-group");
    await createTopic(kafka, topic, 3);
    await produce(topic, [5, 3, 4]);
    // The group processed 2 events of p0 and all of p1, and never read p2.
    await commitAs(groupId, topic, [
      { partition: 0, offset: "2" },
      { partition: 1, offset: "3" },
    ]);
    await withAdmin(kafka, async (admin) => {
      // Retention already removed p2's oldest event: a group starting there begins at offset 1.
      await admin.fetchTopicMetadata({ topics: [topic] }); // deleteTopicRecords needs it loaded
      await admin.deleteTopicRecords({ topic, partitions: [{ partition: 2, offset: "1" }] });
    });
    const learner = countingKafka(uniqueName("lag-report"));
    const got = await within(15_000, "lagReport", lagReport(learner.kafka, groupId, topic));
    await teachClientsClosed(learner, "lagReport", SEE);
    expectReport(
      got,
      [
        { partition: 0, logEndOffset: 5, committedOffset: 2, lag: 3 },
        { partition: 1, logEndOffset: 3, committedOffset: 3, lag: 0 },
        { partition: 2, logEndOffset: 4, committedOffset: null, lag: 3 },
      ],
      "a group at offsets 2 and 3 on p0 and p1 that never read p2 (whose oldest retained offset is 1)",
    );
  });

  test("follows a real group: zero lag once it has read everything, growing as new events arrive", async () => {
    const kafka = testKafka();
    const topic = uniqueName("lag-live");
    const groupId = uniqueName("lag-group");
    await createTopic(kafka, topic, 2);
    await produce(topic, [3, 2]);
    // A consumer of the group reads all five events and commits as it leaves.
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let seen = 0;
    await new Promise<void>((resolve) => {
      void consumer.run({ eachMessage: async () => void (++seen >= 5 && resolve()) });
    });
    await consumer.disconnect();
    expectReport(
      await within(15_000, "lagReport", lagReport(kafka, groupId, topic)),
      [
        { partition: 0, logEndOffset: 3, committedOffset: 3, lag: 0 },
        { partition: 1, logEndOffset: 2, committedOffset: 2, lag: 0 },
      ],
      "a group that has read all 5 events",
    );
    await produce(topic, [0, 4]);
    expectReport(
      await within(15_000, "lagReport", lagReport(kafka, groupId, topic)),
      [
        { partition: 0, logEndOffset: 3, committedOffset: 3, lag: 0 },
        { partition: 1, logEndOffset: 6, committedOffset: 2, lag: 4 },
      ],
      "the same group after 4 new events on p1",
    );
  });
});
