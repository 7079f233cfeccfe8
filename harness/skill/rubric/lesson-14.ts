import type { RubricItem } from "./types.js";

/** Lesson 14: what the skill must ask and say about slow, rate-limited consumers. */
const HABITS = "lesson 14, section “Three habits”";
const HANDOFF = "lesson 14, section “Where the conversation converged”";
const SHARE = "lesson 14, section “Share groups: Kafka as a task queue”";

export const items: readonly RubricItem[] = [
  {
    id: "latency-rate-limit-questions",
    lesson: 14,
    title: "Ask for processing time and third-party limits",
    detect: {
      as: "question",
      all: [
        [/processing time|latency|how long|per message|slow/],
        [/rate.limit|limits?|quota|calls? per second|third.party/],
      ],
    },
    fix: `Before recommending a consumer design, ask how long processing takes per message (its range, not just the average) and what rate limits the services it calls impose (${HABITS}).`,
    example:
      "How long does processing one message take (its range, e.g. 50 ms to 2 s), and what rate limits or quotas do the third-party APIs it calls impose?",
  },
  {
    id: "variable-latency-handoff",
    lesson: 14,
    title: "Variable latency: stay in the group, pace calls, hand off durably",
    detect: {
      as: "statement",
      all: [
        [/slow|variable.latency|long.running|latency/],
        [/heartbeat|session.timeout|rebalanc|pause/],
        [/hand.?off|topic|not (?:an )?in.memory|durabl|rate.limit|token bucket/],
      ],
    },
    fix: `Say how to handle slow or variable processing: keep the group alive (heartbeats, small batches or paused partitions, so the session does not expire and rebalance), pace calls to the provider's rate limit, and hand work off through a Kafka topic instead of an in-memory queue (${HANDOFF}).`,
    example:
      "For slow or variable-latency processing, heartbeat between messages so the session never expires (no rebalance), pace calls to the provider's rate limit, and hand work off through a Kafka topic, never an in-memory queue.",
  },
  {
    id: "share-groups-task-queue",
    lesson: 14,
    title: "Share groups for task queues, consumer groups for order per key",
    detect: {
      as: "statement",
      all: [
        [/share groups?|kip-?932|share consumers?|queues for kafka/],
        [
          /task queue|work queue|job queue|per[- ]record ack\w*|acknowledg\w* each record|individual ack\w*|more consumers than partitions|beyond the partition count/,
        ],
        [
          /consumer groups?|order(?:ing)? per key|in order|keeps? order|delivery[- ]count|lock (?:duration|timeout)|acquisition lock|record lock/,
        ],
      ],
      wrong: [
        {
          pattern:
            /\bshare groups?\b[^.;]{0,40}?\b(?:keep|keeps|preserve|preserves|guarantee|guarantees)\b[^.;]{0,12}?\border/,
          why: "a share group hands records of one partition to several consumers, so it gives no order per key; use a consumer group where order per key matters",
        },
      ],
    },
    fix: `Say when to use a share group (KIP-932): a task queue that needs per-record acknowledgement or more consumers than partitions; keep a consumer group when order per key matters; and set the delivery-count limit and the record lock duration for slow tasks (${SHARE}).`,
    example:
      "For a task queue that needs per-record acknowledgement or more workers than partitions, use a share group (KIP-932) with a delivery-count limit and a lock duration longer than the slowest task; keep a consumer group where order per key matters.",
  },
];
