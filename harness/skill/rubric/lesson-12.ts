import type { RubricItem } from "./types.js";

/** Lesson 12: what the skill must say about running Kafka on Kubernetes in production. */
const REPLICATION = "lesson 12, section “Replication that survives a broker”";
const RACKS = "lesson 12, section “Racks, storage, resources and disruptions”";
const ACCESS = "lesson 12, section “TLS, users and ACLs”";

export const items: readonly RubricItem[] = [
  {
    id: "production-replication",
    lesson: 12,
    title: "RF 3 with min ISR 2",
    detect: {
      as: "statement",
      all: [[/min\.?insync|min\.isr|\bmin isr\b/], [/\b2\b|\btwo\b/], [/\b3\b|\bthree\b/]],
    },
    fix: `Give the production replication rule: replication factor 3 and min.insync.replicas 2 with acks=all, so one broker can be down without stopping writes or losing acknowledged ones; never min ISR equal to RF (${REPLICATION}).`,
    example:
      "In production use replication factor 3 with min.insync.replicas 2 and acks=all: one broker can be down, and min ISR equal to RF would stop writes on the first restart.",
  },
  {
    id: "unclean-election-off",
    lesson: 12,
    title: "Unclean leader election off",
    detect: {
      as: "statement",
      all: [[/unclean/], [/\boff\b|disabled?|false|never/]],
    },
    fix: `Say that unclean leader election stays off: an out-of-date replica becoming leader silently drops acknowledged writes (${REPLICATION}).`,
    example:
      "Keep unclean.leader.election.enable false: an out-of-date replica that becomes leader silently drops acknowledged events.",
  },
  {
    id: "rack-awareness-zones",
    lesson: 12,
    title: "Rack awareness across zones",
    detect: {
      as: "statement",
      all: [[/\brack/], [/zones?\b/]],
    },
    fix: `Say that brokers get rack awareness on the zone label (Strimzi's rack.topologyKey) and their pods are spread across zones, so the replicas of a partition never share a zone (${RACKS}).`,
    example:
      "Turn on rack awareness with the zone as the rack (rack.topologyKey: topology.kubernetes.io/zone) so a partition's three replicas sit in three zones.",
  },
  {
    id: "least-privilege-access",
    lesson: 12,
    title: "One authenticated user per service, least-privilege ACLs",
    detect: {
      as: "statement",
      all: [
        [/\bacls?\b|authori[sz]/],
        [/(?:each|every|per|one|own) (?:user|service)|least.privilege|only (?:the|its) topics?/],
      ],
    },
    fix: `Say that each service gets its own authenticated user (TLS or SCRAM, a KafkaUser in Strimzi) with ACLs limited to its own topics and group (${ACCESS}).`,
    example:
      "Give each service its own KafkaUser with TLS authentication and ACLs for only its topics and consumer group (least privilege).",
  },
];
