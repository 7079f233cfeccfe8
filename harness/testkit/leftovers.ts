import type { Kafka } from "kafkajs";
import type { CountingKafka } from "./counting-kafka.js";
import { withAdmin } from "./kafka.js";
import { teach } from "./teach.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The members the group coordinator still lists for `groupId` ("Dead" when it never existed). */
export async function groupMembers(kafka: Kafka, groupId: string): Promise<{ state: string; members: string[] }> {
  const { groups } = await withAdmin(kafka, (admin) => admin.describeGroups([groupId]));
  const g = groups[0];
  return { state: g?.state ?? "Dead", members: (g?.members ?? []).map((m) => `${m.clientId}/${m.memberId.slice(-8)}`) };
}

/**
 * Fails unless group `groupId` has no members once `after` returned: a consumer that was never
 * disconnected stays in its group, keeps its partitions and fetches on. A consumer that leaves
 * sends LeaveGroup inside disconnect(), so the coordinator knows at once; the short wait only
 * absorbs the admin request racing the leave.
 */
export async function teachGroupLeft(kafka: Kafka, groupId: string, after: string, see: string): Promise<void> {
  let view = await groupMembers(kafka, groupId);
  for (const end = Date.now() + 1_000; view.members.length > 0 && Date.now() < end;) {
    await sleep(100);
    view = await groupMembers(kafka, groupId);
  }
  teach(view.members.length === 0, {
    expected: `no member left in consumer group ${groupId} once ${after} returned: every consumer disconnected (it leaves its group)`,
    actual: `the group coordinator still lists ${view.members.length} member(s) (${view.members.join(", ")}, state ${view.state}): a consumer was left connected — it keeps its partitions, fetches on and delays the next rebalance; disconnect it in a finally block`,
    see,
  });
}

/** What of the counting client is still connected, in words; empty when everything was closed. */
export function stillOpen(c: CountingKafka): string[] {
  const n = c.counts;
  return [
    [n.producerConnects - n.producerDisconnects, "producer"],
    [n.consumerConnects - n.consumerDisconnects, "consumer"],
    [n.adminConnects - n.adminDisconnects, "admin"],
  ]
    .filter(([open]) => (open as number) > 0)
    .map(([open, kind]) => `${open} ${kind}(s)`);
}

/**
 * Fails unless every producer, consumer and admin the learner's code made from `c` was
 * disconnected and their sockets closed once `after` returned: a client never disconnected
 * keeps its connections (and the process) alive.
 */
export async function teachClientsClosed(c: CountingKafka, after: string, see: string): Promise<void> {
  for (const end = Date.now() + 1_000; (stillOpen(c).length > 0 || c.openSockets() > 0) && Date.now() < end;) {
    await sleep(50);
  }
  const open = stillOpen(c);
  teach(open.length === 0 && c.openSockets() === 0, {
    expected: `every Kafka client your code connected to be disconnected once ${after} returned`,
    actual: `${open.join(", ") || "no client"} still connected and ${c.openSockets()} connection(s) to the broker still open: a client that is never disconnected keeps its sockets and timers, and the process cannot exit; disconnect it in a finally block`,
    see,
  });
}
