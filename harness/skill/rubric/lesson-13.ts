import type { RubricItem } from "./types.js";

/** Lesson 13: what the skill must say about debugging Kafka in production. */
const LAG = "lesson 13, section “Reading lag over time”";
const URP = "lesson 13, section “Under-replicated partitions”";
const STORM = "lesson 13, section “Rebalance storms”";
const HOT = "lesson 13, section “Hot partitions”";
const DLT = "lesson 13, section “Poison messages, retries and a dead-letter topic”";

export const items: readonly RubricItem[] = [
  {
    id: "lag-trend-not-snapshot",
    lesson: 13,
    title: "Lag as a trend, stuck vs growing",
    detect: {
      as: "statement",
      all: [
        [/\blag\b/],
        [/over time|trend|samples?|sampled|window|growing|grows/],
        [/stuck|committed offsets? (?:does not|doesn't|do not|don't|never) (?:move|advance)|not moving|stalled/],
      ],
    },
    fix: `Say to read consumer lag as a trend sampled over time, and to tell a stuck group (committed offset not moving) from a slow one (growing lag, committed offset still moving) before acting (${LAG}).`,
    example:
      "Alert on consumer lag sampled over time, not one value: growing lag with a moving committed offset means slow consumers; a committed offset that does not move means the group is stuck.",
  },
  {
    id: "under-replicated-alert",
    lesson: 13,
    title: "Under-replicated and offline partitions",
    detect: {
      as: "statement",
      all: [[/under.?replicated|\burp\b/], [/\bisr\b|in.sync replicas?/], [/alert|monitor|watch|page/]],
    },
    fix: `Say to monitor and alert on under-replicated partitions (ISR shorter than the replica list) and offline partitions, because an under-replicated partition still serves traffic with no safety margin left (${URP}).`,
    example:
      "Alert on under-replicated partitions (ISR shorter than the replicas) and offline partitions: an under-replicated partition still serves traffic but one more broker failure can lose data.",
  },
  {
    id: "rebalance-storm-causes",
    lesson: 13,
    title: "Rebalance storms and their causes",
    detect: {
      as: "statement",
      all: [
        [/rebalanc/],
        [/storm|repeated|again and again|constant|frequent|loop/],
        [/session timeout|heartbeat|crash|deploy|autoscal|slow handler|processing time/],
      ],
    },
    fix: `Name rebalance storms and their usual causes: handlers slower than the session timeout, crash loops, rolling deploys and autoscaling on raw lag (${STORM}).`,
    example:
      "Watch for rebalance storms (frequent rebalances): check handlers slower than the session timeout, crash loops, rolling deploys and lag-based autoscaling first.",
  },
  {
    id: "hot-partition-keys",
    lesson: 13,
    title: "Hot partitions from skewed keys",
    detect: {
      as: "statement",
      all: [
        [/hot partition|skew|hot key/],
        [/\bkeys?\b/],
        [/spread|salt|suffix|split|more partitions (?:do not|don't|won't)/],
      ],
    },
    fix: `Say that a skewed key makes one partition hot, that more partitions do not help one key, and how to spread it (a wider key, a suffix for the heavy key, a separate topic) at an ordering cost (${HOT}).`,
    example:
      "A skewed key makes one partition hot and more partitions will not help; spread the hot key (a wider key or a suffix) and accept the ordering cost.",
  },
  {
    id: "dead-letter-with-context",
    lesson: 13,
    title: "Bounded retries, then a dead-letter topic with context",
    detect: {
      as: "statement",
      all: [
        [/dead.letter|\bdlt\b|\bdlq\b/],
        [/retr(?:y|ies)/],
        [/backoff|back-off|bounded|limited|max(?:imum)? attempts|a few times/],
        [/headers?|original topic|offset|context/],
      ],
      wrong: [
        {
          pattern:
            /\bretr(?:y|ies)\b[^.;]{0,40}?\b(?:forever|indefinitely|endlessly|until it succeeds)\b|\bnever (?:use |send (?:it |them )?to )?(?:a )?dead[- ]letter/,
          why: "a poison message never succeeds: endless retries stop its partition for good; bound the retries, then dead-letter it",
        },
      ],
    },
    fix: `Give the poison-message recipe: bounded retries with exponential backoff, then the record to a dead-letter topic with headers for original topic, partition, offset, error and attempts, and commit to keep the partition flowing (${DLT}).`,
    example:
      "Retry a failing record a bounded number of times with exponential backoff, then send it to a dead-letter topic with headers for the original topic, partition, offset, error and attempt count, and commit so the partition keeps flowing.",
  },
];
