import { AssignerProtocol, type Kafka } from "kafkajs";
import { describe, test } from "vitest";
import { startGroup, type Delivery, type MemberAssignment } from "@exercise/02-topics-partitions/group-scaling.js";
import { createTopic, testKafka, uniqueName, withAdmin, within } from "../../testkit/kafka.js";
import { countingKafka } from "../../testkit/counting-kafka.js";
import { teachClientsClosed, teachGroupLeft } from "../../testkit/leftovers.js";
import { teach } from "../../testkit/teach.js";

const SEE = "lesson 2, section “Consumer groups and scaling”";
const PARTITIONS = 6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The group coordinator's view: who is in the group and what each member was assigned. */
async function coordinatorView(kafka: Kafka, groupId: string, topic: string) {
  const { groups } = await withAdmin(kafka, (admin) => admin.describeGroups([groupId]));
  const g = groups[0];
  const members = (g?.members ?? []).map((m) => {
    const decoded = m.memberAssignment.length > 0 ? AssignerProtocol.MemberAssignment.decode(m.memberAssignment) : null;
    return { memberId: m.memberId, partitions: [...(decoded?.assignment[topic] ?? [])].sort((a, b) => a - b) };
  });
  return { state: g?.state ?? "Dead", members };
}

const show = (a: readonly MemberAssignment[]) =>
  [...a]
    .sort((x, y) => x.memberId.localeCompare(y.memberId))
    .map((m) => `${m.memberId.slice(-8)}→[${m.partitions.join(",")}]`)
    .join(" ") || "no members";

async function scenario(size: number): Promise<void> {
  const kafka = testKafka();
  const topic = uniqueName("task-scaling");
  const groupId = uniqueName("embedder");
  await createTopic(kafka, topic, PARTITIONS);
  const deliveries: Delivery[] = [];
  const learner = countingKafka(uniqueName("scaling-member"));
  const group = await within(
    20_000,
    "startGroup",
    startGroup(learner.kafka, topic, groupId, size, (d) => deliveries.push(d)),
  );
  let stopped = false;
  try {
    // Wait for the group to settle: the coordinator says Stable with every member, and the report agrees.
    let view = await coordinatorView(kafka, groupId, topic);
    let report: MemberAssignment[] = [];
    const deadline = Date.now() + 30_000;
    let emptySince = Date.now();
    let settledSince = Date.now();
    while (Date.now() < deadline) {
      view = await coordinatorView(kafka, groupId, topic);
      report = group.assignment();
      const settled =
        view.state === "Stable" &&
        view.members.length === size &&
        report.length > 0 &&
        report.every((r) => show([r]) === show(view.members.filter((m) => m.memberId === r.memberId)));
      if (settled && report.length === size) break;
      // Settled, yet some members are missing from the report: waiting longer will not bring them.
      if (!settled) settledSince = Date.now();
      if (Date.now() - settledSince > 3_000) break;
      // Members that joined (they report ids) while the coordinator lists none joined some other group.
      if (view.members.length > 0 || report.length < size) emptySince = Date.now();
      if (Date.now() - emptySince > 6_000) break;
      await sleep(250);
    }
    teach(view.members.length === size, {
      expected: `group ${groupId} with ${size} members: every member joins with the same groupId`,
      actual: `the group coordinator lists ${view.members.length} member(s) in ${groupId} (state ${view.state}) while your ${report.length} member(s) report ${show(report)}; members of one group never share a partition, did each member join a group of its own?`,
      see: SEE,
    });
    teach(report.length === size, {
      expected: `assignment() to list all ${size} members, idle ones with no partitions`,
      actual: `it lists ${report.length}: ${show(report)}`,
      see: SEE,
    });
    const owners = Array.from({ length: PARTITIONS }, (_, p) => report.filter((m) => m.partitions.includes(p)));
    const badPartitions = owners.map((o, p) => ({ p, n: o.length })).filter((x) => x.n !== 1);
    teach(badPartitions.length === 0, {
      expected: `each of the ${PARTITIONS} partitions owned by exactly one member`,
      actual: badPartitions.map((x) => `partition ${x.p} is owned by ${x.n} members`).join("; ") + ` (${show(report)})`,
      see: SEE,
    });
    teach(show(report) === show(view.members), {
      expected: `assignment() to agree with the group coordinator: ${show(view.members)}`,
      actual: `it reports ${show(report)}`,
      see: SEE,
    });
    const idle = report.filter((m) => m.partitions.length === 0).length;
    teach(idle === Math.max(0, size - PARTITIONS), {
      expected: `${Math.max(0, size - PARTITIONS)} idle member(s): ${size} members share ${PARTITIONS} partitions`,
      actual: `${idle} idle: ${show(report)}`,
      see: SEE,
    });

    // Two events into every partition; each must reach its partition's owner, once.
    const values = Array.from({ length: PARTITIONS * 2 }, (_, i) => `event-${i}`);
    // Idempotent: a retried send under load must not store the test data twice.
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({ topic, messages: values.map((value, i) => ({ partition: i % PARTITIONS, value })) });
    await producer.disconnect();
    const until = Date.now() + 15_000;
    while (deliveries.length < values.length && Date.now() < until) await sleep(100);
    await sleep(300);
    teach(deliveries.length === values.length, {
      expected: `each of the ${values.length} events handled once by the group`,
      actual: `${deliveries.length} deliveries`,
      see: SEE,
    });
    const owner = new Map(report.flatMap((m) => m.partitions.map((p) => [p, m.memberId] as const)));
    const strays = deliveries.filter((d) => owner.get(d.partition) !== d.memberId);
    teach(strays.length === 0, {
      expected: "every event handled by the member that owns its partition, and onEvent told which member that was",
      actual: strays
        .slice(0, 3)
        .map((d) => `${d.value} (partition ${d.partition}) handled by ${d.memberId.slice(-8) || "an unnamed member"}`)
        .join("; "),
      see: SEE,
    });
    // A member's disconnect() waits out its fetch: 100 ms with the check's client (CHECK_FETCH_WAIT_MS),
    // but a member that sets maxWaitTimeInMs itself may wait kafkajs's 5 s, one member after another.
    await within(size * 5_000 + 10_000, "stop()", group.stop());
    stopped = true;
    await teachGroupLeft(kafka, groupId, "stop()", SEE);
    await teachClientsClosed(learner, "stop()", SEE);
  } finally {
    if (!stopped) await group.stop().catch(() => {});
  }
}

// Each scenario has its own topic and group: they run side by side.
describe.concurrent("Consumer groups and scaling", () => {
  test(
    "3 members over 6 partitions: two partitions each, every event handled once by its owner",
    { timeout: 75_000 },
    () => scenario(3),
  );
  test("8 members over 6 partitions: each partition to exactly one member, two members idle", { timeout: 75_000 }, () =>
    scenario(8),
  );
});
