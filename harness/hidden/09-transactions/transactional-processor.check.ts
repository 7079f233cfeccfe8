import { describe, test } from "vitest";
import {
  readOutputs,
  startProcessor,
  type EnrichedTaskEvent,
  type Processor,
  type ProcessorOptions,
  type TaskEvent,
} from "@exercise/09-transactions/transactional-processor.js";
import {
  createTopic,
  readTopic,
  testKafka,
  uniqueName,
  withAdmin,
  within,
  type ReadRecord,
} from "../../testkit/kafka.js";
import { teach } from "../../testkit/teach.js";
import { patientKafka, retryTransient } from "../../testkit/transient.js";
import { API, wireKafka, type WireKafka } from "../../testkit/wire-kafka.js";

const SEE_LOOP = "lesson 9, section “Consume, process, produce in one transaction”";
const SEE_FENCE = "lesson 9, section “Transactional ids, epochs and zombie fencing”";
const SEE_READ = "lesson 9, section “read_committed downstream”";
/** The broker's smallest allowed session timeout: a frozen instance leaves the group this fast. */
const SESSION_MS = 6_000;
/** When the zombie wakes: after the successor registered its id, before the zombie left the group. */
const FENCE_DELAY_MS = 2_500;

const titles = ["Summarise the call", "Draft the reply", "Label the ticket", "Translate the notes", "Rank the leads"];

function inputs(n: number): TaskEvent[] {
  return titles.slice(0, n).map((title, i) => ({ taskId: `task-${i + 1}`, type: "task.created", title }));
}

interface Setup {
  readonly input: string;
  readonly output: string;
  readonly base: Omit<ProcessorOptions, "instance">;
}

async function setup(name: string, events: readonly TaskEvent[]): Promise<Setup> {
  const kafka = testKafka();
  const input = uniqueName(`${name}-in`);
  const output = uniqueName(`${name}-out`);
  await createTopic(kafka, input, 1);
  await createTopic(kafka, output, 1);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: input, messages: events.map((e) => ({ key: e.taskId, value: JSON.stringify(e) })) });
  await producer.disconnect();
  return {
    input,
    output,
    base: {
      inputTopic: input,
      outputTopic: output,
      groupId: uniqueName(`${name}-group`),
      transactionalId: uniqueName(`${name}-tx`),
      sessionTimeout: SESSION_MS,
    },
  };
}

/** A hook that freezes the instance (as a GC pause or a hung host would) when it reaches `taskId`. */
function freezeAt(taskId: string): {
  hook: (e: TaskEvent) => Promise<void>;
  frozen: Promise<void>;
  wake: (crash: boolean) => void;
} {
  let reached = (): void => {};
  const frozen = new Promise<void>((r) => (reached = r));
  let wake: (crash: boolean) => void = () => {};
  const asleep = new Promise<void>((resolve, reject) => {
    wake = (crash) => (crash ? reject(new Error("the instance crashed")) : resolve());
  });
  asleep.catch(() => {});
  return {
    hook: async (e) => {
      if (e.taskId !== taskId) return;
      reached();
      await asleep;
    },
    frozen,
    wake: (crash) => wake(crash),
  };
}

function parse(r: ReadRecord): EnrichedTaskEvent {
  return JSON.parse(r.value ?? "{}") as EnrichedTaskEvent;
}

function describeOutputs(records: readonly ReadRecord[]): string {
  return records.map((r) => `${parse(r).taskId} by ${parse(r).processedBy}`).join(", ") || "nothing";
}

/** Each input's output exactly once, with a message naming what went wrong. */
function expectExactlyOnce(records: readonly ReadRecord[], events: readonly TaskEvent[], see: string): void {
  const ids = records.map((r) => parse(r).taskId);
  const dupes = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  teach(dupes.length === 0, {
    expected: `each of the ${events.length} inputs to have exactly one committed output`,
    actual: `duplicates after the failure: ${dupes.join(", ")} was output twice (${describeOutputs(records)}). The restarted instance reprocessed inputs whose outputs were already committed: the consumer offsets must be committed inside the transaction (sendOffsets), not by the consumer`,
    see,
  });
  const missing = events.map((e) => e.taskId).filter((id) => !ids.includes(id));
  teach(missing.length === 0, {
    expected: `each of the ${events.length} inputs to have exactly one committed output`,
    actual: `missing outputs for ${missing.join(", ")} (read_committed saw: ${describeOutputs(records)}). Either their offsets were committed although their transaction aborted, or an open transaction of the frozen instance was never aborted (a new instance must reuse the same transactional id)`,
    see,
  });
}

interface Scope {
  /** Starts an instance on its own client, whose requests the check reads off the wire. */
  start(opts: ProcessorOptions): Promise<{ processor: Processor; wire: WireKafka }>;
  freezeAt(taskId: string): ReturnType<typeof freezeAt>;
}

/**
 * Runs one scenario and always cleans up after it: frozen instances are crashed, every processor
 * stopped. Scenarios share nothing (topics, groups and transactional ids are unique), so they run
 * concurrently: most of their time is spent waiting for a frozen instance's session to expire.
 */
async function scenario(fn: (scope: Scope) => Promise<void>): Promise<void> {
  const running: Processor[] = [];
  const wakers: ((crash: boolean) => void)[] = [];
  try {
    await fn({
      start: async (opts) => {
        const wire = wireKafka(uniqueName(`check-${opts.instance}`));
        const p = await within(20_000, `startProcessor (${opts.instance})`, startProcessor(wire.kafka, opts));
        running.push(p);
        return { processor: p, wire };
      },
      freezeAt: (taskId) => {
        const f = freezeAt(taskId);
        wakers.push(f.wake);
        return f;
      },
    });
  } finally {
    wakers.forEach((w) => w(true));
    await Promise.all(running.map((p) => within(10_000, "stop()", p.stop()).catch(() => {})));
  }
}

describe.concurrent("Transactional processor", () => {
  test(
    "turns each input into one enriched output and commits the group's offsets in the transaction",
    { timeout: 60_000 },
    () =>
      scenario(async ({ start }) => {
        const events = inputs(3);
        const s = await setup("tx-basic", events);
        const { wire } = await start({ ...s.base, instance: "a" });
        const records = await readTopic(patientKafka(), s.output, events.length, { timeoutMs: 20_000 });
        teach(records.length === events.length, {
          expected: `${events.length} outputs in ${s.output}, visible to a read_committed reader`,
          actual: `${records.length} (were the transactions committed?)`,
          see: SEE_LOOP,
        });
        const first = parse(records[0]!);
        teach(first.taskId === "task-1" && first.words === 3 && first.processedBy === "a", {
          expected: "outputs made with enrich(event, offset, options.instance), keyed by taskId",
          actual: `the first output was ${records[0]?.value}`,
          see: SEE_LOOP,
        });
        const offsets = await retryTransient(() =>
          withAdmin(testKafka(), (admin) => admin.fetchOffsets({ groupId: s.base.groupId, topics: [s.input] })),
        );
        const committed = Number(offsets[0]?.partitions[0]?.offset ?? -1);
        const plain = wire.requests.filter((r) => r.apiKey === API.offsetCommit && r.groupId === s.base.groupId);
        const inTx = wire.requests.filter((r) => r.apiKey === API.txnOffsetCommit && r.groupId === s.base.groupId);
        teach(plain.length === 0, {
          expected: `the group's offsets committed only inside the transactions (TxnOffsetCommit, from tx.sendOffsets)`,
          actual: `the processor also sent ${plain.length} plain OffsetCommit request(s) for group ${s.base.groupId}: the consumer committed offsets outside the transaction (autoCommit, or commitOffsets after tx.commit()), so a crash between the two reprocesses an input whose output is committed. Set autoCommit: false and use only tx.sendOffsets`,
          see: SEE_LOOP,
        });
        teach(inTx.length >= 1, {
          expected: "the offsets sent inside each transaction (tx.sendOffsets gives a TxnOffsetCommit request)",
          actual:
            "no TxnOffsetCommit request went to the broker: the transactions carry outputs but not the group's offsets",
          see: SEE_LOOP,
        });
        teach(committed === events.length, {
          expected: `group ${s.base.groupId} at offset ${events.length} once every output is committed (sendOffsets inside the transaction)`,
          actual: committed < 0 ? "the group has no committed offset" : `committed offset ${committed}`,
          see: SEE_LOOP,
        });
      }),
  );

  test(
    "a crash after sending but before commit, then a restart: every output exactly once for read_committed; read_uncommitted also sees the aborted one",
    { timeout: 60_000 },
    () =>
      scenario(async ({ start, freezeAt: freezeInstance }) => {
        const events = inputs(5);
        const s = await setup("tx-crash", events);
        const freeze = freezeInstance("task-3");
        await start({ ...s.base, instance: "first", beforeCommit: freeze.hook });
        await within(20_000, "the first instance reaching task-3", freeze.frozen);

        // The first instance is dead in the middle of a transaction; a new one takes over.
        await start({ ...s.base, instance: "restarted" });
        const committed = await readTopic(patientKafka(), s.output, events.length, { timeoutMs: 20_000 });
        expectExactlyOnce(committed, events, SEE_LOOP);
        const extra = await readTopic(patientKafka(), s.output, events.length + 1, { timeoutMs: 1_000 });
        expectExactlyOnce(extra, events, SEE_LOOP);

        const raw = await readTopic(patientKafka(), s.output, events.length + 1, {
          timeoutMs: 5_000,
          isolation: "read_uncommitted",
        });
        const ghost = raw.find((r) => parse(r).taskId === "task-3" && parse(r).processedBy === "first");
        teach(ghost !== undefined, {
          expected:
            "a read_uncommitted reader to also see the crashed instance's output for task-3: it is in the log, marked aborted, and only read_committed readers skip it",
          actual: `read_uncommitted saw: ${describeOutputs(raw)}`,
          see: SEE_READ,
        });
      }),
  );

  test(
    "two instances with one transactional id: once the newer has started, the older is fenced and none of its later output becomes visible",
    { timeout: 60_000 },
    () =>
      scenario(async ({ start, freezeAt: freezeInstance }) => {
        const events = inputs(4);
        const s = await setup("tx-zombie", events);
        const freeze = freezeInstance("task-2");
        const { wire: zombieWire } = await start({ ...s.base, instance: "zombie", beforeCommit: freeze.hook });
        await within(20_000, "the first instance reaching task-2", freeze.frozen);
        // The successor starts; while its consumer still waits for the frozen instance to leave the
        // group, the zombie wakes up and carries on as if nothing happened: by then its commit must
        // be refused (the successor registered the transactional id), and it must step aside.
        const successor = start({ ...s.base, instance: "successor" });
        successor.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
        await new Promise((r) => setTimeout(r, FENCE_DELAY_MS));
        freeze.wake(false);
        await successor;
        await readTopic(patientKafka(), s.output, events.length, { timeoutMs: 20_000 });
        const fencedBy = Date.now();
        const records = await readTopic(patientKafka(), s.output, events.length + 1, { timeoutMs: 1_500 });
        const late = records.filter((r) => parse(r).processedBy === "zombie" && parse(r).taskId !== "task-1");
        teach(late.length === 0, {
          expected:
            "the old instance fenced as soon as a new instance with the same transactional id has started: nothing it sends afterwards can commit",
          actual: `output of the old instance became visible after its successor started: ${describeOutputs(late)}. The successor must register the transactional id at start-up (kafkajs does it on the first transaction(): open and abort one before consuming), and both must use the same transactional id`,
          see: SEE_FENCE,
        });
        // The successor has done all the work: an instance that stepped aside sends nothing more.
        const still = [API.fetch, API.heartbeat, API.joinGroup, API.produce].reduce<number>(
          (n, key) => n + zombieWire.count(key, fencedBy),
          0,
        );
        const zombieId = zombieWire.clientId;
        const members = await retryTransient(() =>
          withAdmin(testKafka(), async (a) => (await a.describeGroups([s.base.groupId])).groups[0]?.members ?? []),
        );
        const lingering = members.filter((m) => m.clientId === zombieId).length;
        teach(lingering === 0, {
          expected: "the fenced instance out of the consumer group once its successor has taken over",
          actual: `the fenced instance is still a member of group ${s.base.groupId}: it keeps running although it can never commit again. On a fenced error (PRODUCER_FENCED / INVALID_PRODUCER_EPOCH) stop the instance: disconnect its consumer and producer`,
          see: SEE_FENCE,
        });
        teach(still === 0, {
          expected:
            "the fenced instance to stop: no fetch, heartbeat, group join or produce from it once its successor has taken over",
          actual: `the fenced instance sent ${still} more request(s) (fetches, heartbeats, joins or produces) in the 1.5 s after its successor finished the work: it keeps running although it can never commit again. On a fenced error (PRODUCER_FENCED / INVALID_PRODUCER_EPOCH) stop the instance: disconnect its consumer and producer`,
          see: SEE_FENCE,
        });
        expectExactlyOnce(records, events, SEE_FENCE);
      }),
  );

  test("readOutputs reads only committed transactions", async () => {
    // The check's own transactional writer: CONCURRENT_TRANSACTIONS under load is retried, not fatal.
    const kafka = patientKafka();
    const topic = uniqueName("tx-read");
    await createTopic(kafka, topic, 1);
    const producer = kafka.producer({ transactionalId: uniqueName("tx-writer"), maxInFlightRequests: 1 });
    await producer.connect();
    const write = async (label: string, commit: boolean): Promise<void> => {
      const tx = await producer.transaction();
      const messages = [1, 2].map((i) => ({
        key: `task-${i}`,
        value: JSON.stringify({
          taskId: `task-${i}`,
          type: "task.created",
          title: label,
          words: 1,
          sourceOffset: "0",
          processedBy: label,
        }),
      }));
      await tx.send({ topic, messages });
      await (commit ? tx.commit() : tx.abort());
    };
    await write("aborted", false);
    await write("committed", true);
    await producer.disconnect();

    const readerGroup = uniqueName("tx-reader");
    // The group's coordinator is found (and loaded) before the learner's reader asks for it: on a
    // busy broker that can take seconds, and kafkajs gives up on it without retrying.
    await retryTransient(() => withAdmin(kafka, (a) => a.describeGroups([readerGroup])), 8);
    const got = await within(20_000, "readOutputs", readOutputs(patientKafka(), topic, readerGroup, 2));
    const members = await retryTransient(() =>
      withAdmin(kafka, async (a) => (await a.describeGroups([readerGroup])).groups[0]?.members.length ?? 0),
    );
    teach(members === 0, {
      expected: `readOutputs to leave group ${readerGroup} before it returns`,
      actual: `the group still has ${members} member(s) after readOutputs returned: disconnect the consumer (in a finally) once the records are read`,
      see: SEE_READ,
    });
    const aborted = got.filter((e) => e.processedBy === "aborted");
    teach(aborted.length === 0, {
      expected: "only the 2 records of the committed transaction",
      actual: `readOutputs returned ${aborted.length} record(s) of an aborted transaction: the consumer reads uncommitted (readUncommitted: true); a downstream reader must use read_committed`,
      see: SEE_READ,
    });
    teach(got.length === 2, {
      expected: "readOutputs to return the 2 records of the committed transaction",
      actual: `it returned ${got.length} record(s): stop once count records were read, and read from the beginning (fromBeginning: true)`,
      see: SEE_READ,
    });
  });
});
