import type { RubricItem } from "./types.js";

/** Lesson 2: what the skill must say about keys, partitions and consumer groups. */
const KEYS = "lesson 2, section “Keys and the default partitioner”";
const GROUPS = "lesson 2, section “Consumer groups and scaling”";

export const items: readonly RubricItem[] = [
  {
    id: "keys-ordering",
    lesson: 2,
    title: "Keys decide ordering",
    detect: {
      as: "statement",
      all: [[/\bkey(?:s|ed)?\b/], [/\border(?:ed|ing)?\b|\bsequence\b|in turn/], [/partition/]],
    },
    fix: `Say that Kafka orders events only within a partition and that events with the same key go to the same partition, so the key must be the entity whose events need order (${KEYS}).`,
    example:
      "Key every event by the entity whose history must stay in order (e.g. taskId): equal keys land in one partition, and Kafka only keeps order within a partition.",
  },
  {
    id: "partitions-parallelism",
    lesson: 2,
    title: "Partition count limits parallelism",
    detect: {
      as: "statement",
      all: [
        [/partition/],
        [/consumer|parallel|concurren|instances|workers/],
        [/\blimit|at most|\bcaps?\b|upper bound|no more than|idle|one (?:active )?consumer per partition|ceiling/],
      ],
    },
    fix: `Say that a group never has more active consumers than the topic has partitions, so the partition count caps parallelism and must be chosen for the peak (${GROUPS}).`,
    example:
      "Choose the partition count for peak parallelism: within a group each partition has at most one consumer, so extra consumers sit idle.",
  },
  {
    id: "consumer-groups",
    lesson: 2,
    title: "Consumer group semantics",
    detect: {
      as: "statement",
      all: [
        [/\bgroups?\b/],
        [
          /each (?:consumer )?group|every (?:consumer )?group|own (?:copy|offsets?|position)|independent|separate groups?|different groups?/,
          /share (?:the )?(?:work|load|partitions)|split|divid|spread|balanc|among (?:its|the) (?:members|consumers)/,
        ],
      ],
    },
    fix: `Say that consumers in one group split the partitions between them, while each separate group receives every event and keeps its own offsets (${GROUPS}).`,
    example:
      "Consumers sharing a groupId split the partitions between them; a different group (say, the analytics service) reads every event again with its own committed offsets.",
  },
  {
    id: "offsets-replay",
    lesson: 2,
    title: "Replaying with offsets",
    detect: {
      as: "statement",
      all: [
        [/offset/],
        [/replay|reprocess|re-?read|re-?run|rewind|reset|backfill/],
        [/earliest|beginning|from the start|oldest|new (?:consumer )?group|point in time|timestamp|\bdate\b/],
      ],
    },
    fix: `Say how to reprocess history: a new group starting from the earliest offset, or resetting an existing group's committed offsets (to earliest or a timestamp) with the admin API while none of its consumers runs (lesson 2, section “Offsets and replay”).`,
    example:
      "To reprocess history, start a new consumer group from the earliest offset, or stop the group and reset its committed offsets to earliest (or to a timestamp) with the admin API.",
  },
];
