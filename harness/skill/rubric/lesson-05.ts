import type { RubricItem } from "./types.js";

/** Lesson 5: what the skill must say about committing, lag and slow consumers. */
const COMMIT = "lesson 5, section “At-least-once: commit after processing”";
const LAG = "lesson 5, section “Lag: how far behind is the group”";
const SLOW = "lesson 5, section “Slow work: staying in the group”";
const PROTOCOL = "lesson 5, section “Kafka 4's consumer protocol (KIP-848)”";

export const items: readonly RubricItem[] = [
  {
    id: "commit-after-processing",
    lesson: 5,
    title: "Commit after processing",
    detect: {
      as: "statement",
      all: [
        [/\bcommit|\bstores? (?:the |its )?(?:consumer )?(?:offset|position)|\bsaves? (?:the |its )?offset|acknowledg/],
        [/\boffsets?\b|position/],
        [
          /after (?:\w+ ){0,4}(?:process|handl|success|finish|complet|done)/,
          /only once (?:\w+ ){0,4}(?:process|handled|done)/,
          /not before|never before|before (?:\w+ ){0,3}(?:process|handl)/,
        ],
      ],
    },
    fix: `Say that a consumer commits an event's offset only after processing it (at-least-once), never before and never after swallowing a failure; a crash then means redelivery, not loss (${COMMIT}).`,
    example:
      "Commit an event's offset only after it has been processed: committing first loses the event on a crash, and a failed event must not be caught and committed past.",
  },
  {
    id: "consumer-lag",
    lesson: 5,
    title: "Lag per partition",
    detect: {
      as: "statement",
      all: [
        [/\blag\b/],
        [/log.end|high.?watermark|latest offset|end offset|newest offset|last (?:produced|written) offset/],
        [/commit|consumer offset|current offset|group'?s? (?:position|offset)/],
      ],
    },
    fix: `Say that consumer lag is the log-end offset minus the group's committed offset, per partition, and that you alert on lag that keeps growing (${LAG}).`,
    example:
      "Monitor lag per partition as the log-end offset minus the group's committed offset, and alert when it keeps growing rather than on a fixed number.",
  },
  {
    id: "slow-processing",
    lesson: 5,
    title: "Slow processing keeps group membership",
    detect: {
      as: "statement",
      all: [
        [/slow|long|seconds|processing time|takes? (?:a )?while|latency/],
        [/session.timeout|heartbeat|max\.poll|poll interval|rebalanc|kicked|dropped from|leaves? the group|membership/],
        [
          /heartbeat|pause|separate topic|work topic|another topic|hand (?:\w+ ){0,3}(?:off|over|to)|smaller batch|max\.poll\.records|rate.limit/,
        ],
      ],
    },
    fix: `Say that with slow processing the time between heartbeats must stay under the session timeout: heartbeat between events, pause the partition during long work, or hand slow work to a separate topic with a rate-limited worker (${SLOW}).`,
    example:
      "When an event takes seconds (a model call), heartbeat between events or pause the partition so the member is not dropped after the session timeout; for rate-limited APIs hand the work to a separate topic with a rate-limited worker.",
  },
  {
    id: "consumer-group-protocol",
    lesson: 5,
    title: "Name the rebalance protocol and a client that speaks it",
    detect: {
      as: "statement",
      all: [
        [
          /rebalance protocol|group\.protocol|group protocol|kip-?848|consumer protocol|classic protocol|next[- ]gen\w* (?:consumer |group |rebalance )?protocol|new (?:consumer |group |rebalance )?protocol/,
        ],
        [
          /kafkajs|platformatic|java client|librdkafka|confluent-kafka|client (?:that |which )?supports?|supported by the client/,
        ],
        [
          /static membership|group\.instance\.id|instance id|max\.poll\.interval|poll interval|storm|classic|ignores?|only speaks|only supports/,
        ],
      ],
      wrong: [
        {
          pattern:
            /\bkafkajs\b[^.;]{0,40}?\b(?:supports?|speaks?|uses?|implements?|can use)\b[^.;]{0,20}?\b(?:kip-?848|consumer protocol|new (?:consumer |group |rebalance )?protocol|group\.protocol)|\bset group\.protocol\s{0,2}=?\s{0,2}consumer\b[^.;]{0,30}?\bkafkajs\b/,
          why: "kafkajs speaks only the classic protocol and ignores group.protocol; the KIP-848 consumer protocol needs a client that implements it (e.g. @platformatic/kafka or the Java client)",
        },
      ],
    },
    fix: `Say which rebalance protocol the group uses: the KIP-848 consumer protocol (group.protocol=consumer) with a client that supports it, such as @platformatic/kafka or the Java client, because kafkajs speaks only the classic protocol and ignores group.protocol; with the classic protocol, static membership (group.instance.id) and a max.poll.interval above the slowest batch keep restarts from causing rebalance storms (${PROTOCOL}).`,
    example:
      "Use the KIP-848 consumer protocol (group.protocol=consumer) with a client that supports it, such as @platformatic/kafka or the Java client; kafkajs speaks only the classic protocol and ignores group.protocol, so there use static membership and a max.poll.interval above the slowest batch to avoid rebalance storms.",
  },
];
