import type { RubricItem } from "./types.js";

/** Lesson 14: what the skill must ask and say about slow, rate-limited consumers. */
const HABITS = "lesson 14, section “Three habits”";
const HANDOFF = "lesson 14, section “Where the conversation converged”";

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
];
