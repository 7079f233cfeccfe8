import { afterEach, describe, test } from "vitest";
import {
  startGroupMember,
  type GroupMember,
  type TaskRecord,
} from "@exercise/05-robust-consumers/consumer-protocol.js";
import { createTopic, testKafka, uniqueName, withAdmin, within } from "../../testkit/kafka.js";
import { groupType, testPlatformatic } from "../../testkit/platformatic.js";
import { teach } from "../../testkit/teach.js";

const SEE = "lesson 5, section “Kafka 4's consumer protocol (KIP-848)”";
const PARTITIONS = 4;
/** The steady producer writes one record to every partition this often. */
const EVERY_MS = 100;
/**
 * A partition the joining member does not take must keep flowing: with a record every 100 ms, a
 * pause this long is a stop, not jitter (kafkajs's eager rebalance stops every partition). On a
 * machine slow enough that delivery already pauses longer before anyone joins, the bound is
 * JITTER_FACTOR times that pause instead: the join is compared with the same machine's steady state.
 */
const KEPT_PAUSE_MS = 1_500;
const JITTER_FACTOR = 3;

interface Delivery extends TaskRecord {
  readonly member: "A" | "B";
  readonly at: number;
}

const members: GroupMember[] = [];
afterEach(async () => {
  await Promise.all(members.splice(0).map((m) => within(15_000, "close()", m.close()).catch(() => {})));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(ms: number, done: () => boolean): Promise<void> {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await sleep(50);
}

async function start(member: "A" | "B", topic: string, groupId: string, log: Delivery[]): Promise<void> {
  const handle = async (r: TaskRecord) => void log.push({ ...r, member, at: Date.now() });
  const m = await within(
    15_000,
    `startGroupMember (${member})`,
    startGroupMember({ client: testPlatformatic(`member-${member}`), topic, groupId, handle }),
  );
  members.push(m);
}

/** Per partition: the group's committed offset and the partition's end. */
async function progress(topic: string, groupId: string): Promise<{ committed: number; end: number }[]> {
  return withAdmin(testKafka(), async (admin) => {
    const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const ends = await admin.fetchTopicOffsets(topic);
    return [...(t?.partitions ?? [])]
      .sort((a, b) => a.partition - b.partition)
      .map((p) => ({
        committed: Number(p.offset),
        end: Number(ends.find((e) => e.partition === p.partition)?.high ?? -1),
      }));
  });
}

/** The longest time between two deliveries of `partition` from `from` to `to`. */
function longestPause(log: readonly Delivery[], partition: number, from: number, to: number): number {
  const inside = log.filter((d) => d.partition === partition && d.at >= from && d.at <= to).map((d) => d.at);
  const times = [from, ...inside, to];
  let longest = 0;
  for (let i = 1; i < times.length; i++) longest = Math.max(longest, (times[i] ?? 0) - (times[i - 1] ?? 0));
  return longest;
}

describe("A consumer-protocol group member", () => {
  test(
    "joins its group on the consumer protocol, reads a new group from the beginning, commits what it handled",
    { timeout: 30_000 },
    async () => {
      const kafka = testKafka();
      const topic = uniqueName("kip848-topic");
      const groupId = uniqueName("kip848-group");
      await createTopic(kafka, topic, PARTITIONS);
      const producer = kafka.producer({ idempotent: true });
      await producer.connect();
      const messages = Array.from({ length: 2 * PARTITIONS }, (_, i) => ({
        partition: i % PARTITIONS,
        key: `task-${i + 1}`,
        value: JSON.stringify({ taskId: `task-${i + 1}` }),
      }));
      await producer.send({ topic, messages });
      await producer.disconnect();

      const log: Delivery[] = [];
      await start("A", topic, groupId, log);
      // The broker assigns on the member's heartbeat: the first one, or the next (5 s later by default).
      await until(12_000, () => new Set(log.map((d) => `${d.partition}:${d.offset}`)).size >= messages.length);
      const type = await groupType(groupId);
      teach(type === "consumer", {
        expected: `the broker to list group ${groupId} as a "consumer" group (KIP-848's consumer protocol)`,
        actual: `the broker lists it as ${type ? `a "${type}" group` : "no group at all"}: the member joined with the classic protocol (JoinGroup/SyncGroup). Pass groupProtocol: 'consumer' to the Consumer`,
        see: SEE,
      });
      teach(log.length >= messages.length, {
        expected: `all ${messages.length} records that were on the topic before the group existed`,
        actual: `${log.length} arrived: a new group has no committed offsets, so the fallback decides where it starts; with fallbackMode 'latest' (or mode 'latest') it skips what is already there. Use mode: 'committed' with fallbackMode: 'earliest'`,
        see: SEE,
      });
      const allCommitted = (ps: { committed: number; end: number }[]) =>
        ps.length === PARTITIONS && ps.every((p) => p.committed === p.end);
      let offsets = await progress(topic, groupId);
      for (const end = Date.now() + 3_000; !allCommitted(offsets) && Date.now() < end; await sleep(200)) {
        offsets = await progress(topic, groupId);
      }
      teach(allCommitted(offsets), {
        expected:
          "the group's committed offset to reach the end of every partition once the member handled the records there",
        actual: `committed ${offsets.map((p) => `${p.committed} of ${p.end}`).join(", ") || "nothing"}: commit each record after handle resolved (message.commit()), or a restart or a rebalance reads it again`,
        see: SEE,
      });
    },
  );

  test(
    "a second member joins while records flow: the partitions the first keeps never stop, moved ones continue from the commit",
    { timeout: 60_000 },
    async () => {
      const kafka = testKafka();
      const topic = uniqueName("kip848-join");
      const groupId = uniqueName("kip848-join-group");
      await createTopic(kafka, topic, PARTITIONS);
      const producer = kafka.producer();
      await producer.connect();
      let producing = true;
      const steady = (async () => {
        for (let n = 0; producing; n++) {
          const messages = Array.from({ length: PARTITIONS }, (_, partition) => ({
            partition,
            key: `task-${partition}-${n}`,
            value: JSON.stringify({ n }),
          }));
          await producer.send({ topic, messages });
          await sleep(EVERY_MS);
        }
      })();
      const log: Delivery[] = [];
      try {
        await start("A", topic, groupId, log);
        const fromA = () => new Set(log.filter((d) => d.member === "A").map((d) => d.partition));
        await until(15_000, () => fromA().size === PARTITIONS);
        teach(fromA().size === PARTITIONS, {
          expected: `the first member alone to read all ${PARTITIONS} partitions`,
          actual: `it read ${fromA().size} partition(s) within 15 s`,
          see: SEE,
        });
        // The steady state on this machine, right now: how long delivery pauses with nobody joining.
        await sleep(1_500);
        const joinAt = Date.now();
        const steadyPause = Math.max(
          ...Array.from({ length: PARTITIONS }, (_, p) => longestPause(log, p, joinAt - 1_500, joinAt)),
        );
        const bound = Math.max(KEPT_PAUSE_MS, JITTER_FACTOR * steadyPause);
        await start("B", topic, groupId, log);
        const firstOfB = () => log.find((d) => d.member === "B");
        // A revokes on its next heartbeat, B is assigned on its next: up to two heartbeat intervals.
        await until(20_000, () => firstOfB() !== undefined);
        const handedAt = firstOfB()?.at;
        teach(handedAt !== undefined, {
          expected: "the joining member to be given partitions and to read from them",
          actual: "it received nothing within 20 s",
          see: SEE,
        });
        await sleep(1_500);
        producing = false;
        await steady;
        const endAt = Date.now();

        const moved = [...new Set(log.filter((d) => d.member === "B").map((d) => d.partition))].sort();
        const kept = Array.from({ length: PARTITIONS }, (_, p) => p).filter((p) => !moved.includes(p));
        const pauses = kept.map((p) => ({ p, ms: longestPause(log, p, joinAt, endAt) }));
        const stopped = pauses.filter((x) => x.ms > bound);
        teach(stopped.length === 0, {
          expected: `the partitions the first member kept (${kept.join(", ")}) to keep flowing while the second joined: no pause over ${bound} ms with a record every ${EVERY_MS} ms (before the join, delivery paused at most ${steadyPause} ms)`,
          actual: `${stopped.map((x) => `partition ${x.p} stopped for ${x.ms} ms`).join(", ")}: the join stopped the world as a classic eager rebalance does`,
          see: SEE,
        });
        for (const p of moved) {
          const lastOfA = log.filter((d) => d.member === "A" && d.partition === p).at(-1)?.offset ?? -1n;
          const firstB = log.find((d) => d.member === "B" && d.partition === p)?.offset ?? -1n;
          teach(!(firstB === 0n && lastOfA > 0n), {
            expected: `the member that took over partition ${p} to continue from the group's committed offset (the first member had handled up to offset ${lastOfA})`,
            actual: `it started again at offset 0 and handled ${lastOfA + 1n} records a second time: mode 'earliest' re-reads every partition from the beginning after each rebalance. Use mode: 'committed' with fallbackMode: 'earliest'`,
            see: SEE,
          });
          teach(firstB <= lastOfA + 1n, {
            expected: `the member that took over partition ${p} to start at most at offset ${lastOfA + 1n} (right after the last record handled there)`,
            actual: `it started at offset ${firstB}: records ${lastOfA + 1n}–${firstB - 1n} were never handled`,
            see: SEE,
          });
        }
      } finally {
        producing = false;
        await steady.catch(() => {});
        await producer.disconnect();
      }
    },
  );
});
