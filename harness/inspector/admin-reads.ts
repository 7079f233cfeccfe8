import { AssignerProtocol, type Admin } from "kafkajs";
import { isInspectorOwn } from "./created.js";
import type { BrokerNode, GroupInfo, GroupMember, NameSnapshot, PartitionLag, TopicInfo } from "./types.js";

/** Reads through the admin API only: metadata, offsets, groups. Internal topics are left out. */
export async function readTopics(admin: Admin, only?: readonly string[]): Promise<TopicInfo[]> {
  const names = (only ?? (await admin.listTopics())).filter((n) => !isInspectorOwn(n)).sort();
  if (names.length === 0) return [];
  const meta = await admin.fetchTopicMetadata({ topics: names });
  return Promise.all(
    meta.topics.map(async (t) => {
      const offsets = await admin.fetchTopicOffsets(t.name);
      const at = new Map(offsets.map((o) => [o.partition, o]));
      return {
        name: t.name,
        partitions: t.partitions
          .map((p) => ({
            partition: p.partitionId,
            leader: p.leader,
            replicas: p.replicas,
            isr: p.isr,
            low: Number(at.get(p.partitionId)?.low ?? 0),
            high: Number(at.get(p.partitionId)?.high ?? 0),
          }))
          .sort((a, b) => a.partition - b.partition),
      };
    }),
  ).then((ts) => ts.sort((a, b) => a.name.localeCompare(b.name)));
}

export async function readNames(admin: Admin): Promise<NameSnapshot> {
  const [topics, groups] = await Promise.all([admin.listTopics(), admin.listGroups()]);
  return { topics, groups: groups.groups.map((g) => g.groupId) };
}

function decodeAssignment(buf: Buffer): Record<string, readonly number[]> {
  if (buf.length === 0) return {};
  try {
    return AssignerProtocol.MemberAssignment.decode(buf)?.assignment ?? {};
  } catch {
    // Not the consumer protocol's encoding (e.g. Connect's): show the member without partitions.
    return {};
  }
}

/** Groups with their members and, per partition they committed on or own, the lag. */
export async function readGroups(admin: Admin, only?: readonly string[]): Promise<GroupInfo[]> {
  const ids = (only ?? (await admin.listGroups()).groups.map((g) => g.groupId)).filter((g) => !isInspectorOwn(g));
  if (ids.length === 0) return [];
  const described = await admin.describeGroups(ids);
  const highs = new Map<string, Map<number, { low: number; high: number }>>();
  const offsetsOf = async (topic: string) => {
    if (!highs.has(topic)) {
      const o = await admin.fetchTopicOffsets(topic).catch(() => []);
      highs.set(topic, new Map(o.map((x) => [x.partition, { low: Number(x.low), high: Number(x.high) }])));
    }
    return highs.get(topic)!;
  };
  const groups = await Promise.all(
    described.groups.map(async (g): Promise<GroupInfo> => {
      const members: GroupMember[] = g.members.map((m) => ({
        memberId: m.memberId,
        clientId: m.clientId,
        host: m.clientHost,
        assignment: decodeAssignment(m.memberAssignment),
      }));
      // Partitions a member owns but the group never committed on count too (all of it is lag).
      const committedOn = await admin.fetchOffsets({ groupId: g.groupId }).catch(() => []);
      const owned = [...new Set(members.flatMap((m) => Object.keys(m.assignment)))].filter(
        (t) => !committedOn.some((c) => c.topic === t),
      );
      const unowned = owned.length
        ? await admin.fetchOffsets({ groupId: g.groupId, topics: owned }).catch(() => [])
        : [];
      const committed = [...committedOn, ...unowned];
      const lags: PartitionLag[] = [];
      for (const t of committed) {
        const offsets = await offsetsOf(t.topic);
        for (const p of t.partitions) {
          const c = Number(p.offset);
          const o = offsets.get(p.partition) ?? { low: 0, high: 0 };
          lags.push({
            topic: t.topic,
            partition: p.partition,
            committed: c,
            high: o.high,
            lag: c < 0 ? o.high - o.low : Math.max(0, o.high - c),
          });
        }
      }
      lags.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
      return { groupId: g.groupId, state: g.state, members, lags };
    }),
  );
  return groups.sort((a, b) => a.groupId.localeCompare(b.groupId));
}

export async function readBrokers(admin: Admin): Promise<BrokerNode[]> {
  const c = await admin.describeCluster();
  return c.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port })).sort((a, b) => a.nodeId - b.nodeId);
}
