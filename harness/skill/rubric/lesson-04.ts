import type { RubricItem } from "./types.js";

/** Lesson 4: what the skill must say about producers that neither lose nor duplicate events. */
const ACKS = "lesson 4, section “acks: who must have the record before the producer hears ok”";
const IDEMPOTENT = "lesson 4, section “The idempotent producer”";
const ERRORS = "lesson 4, section “Retriable and fatal errors”";
const BATCHING = "lesson 4, section “Batching, linger and compression”";

export const items: readonly RubricItem[] = [
  {
    id: "producer-acks-all",
    lesson: 4,
    title: "acks=all for events you cannot lose",
    detect: {
      as: "statement",
      all: [[/\backs\b/], [/\ball\b|-1/], [/los[est]|loss|durab|replica|in.sync|isr\b|leader fail/]],
      wrong: [
        {
          pattern: /\backs\s{0,3}(?:=|:|to|of)?\s{0,3}["'`]?(?:1|0|one|zero)\b(?!\.\d)/,
          why: "acks=1 loses a record when the leader fails before a follower copied it, and acks=0 loses records silently; events you cannot lose need acks=all (-1)",
        },
      ],
    },
    fix: `Say that critical events are produced with acks=all (-1), ideally with min.insync.replicas=2 on three replicas, and what acks=1 (lost when the leader fails) and acks=0 (silent loss) give up (${ACKS}).`,
    example:
      "Produce critical events with acks=all and min.insync.replicas=2 on three replicas: acks=1 loses records when the leader fails before followers copy them, acks=0 loses them silently.",
  },
  {
    id: "idempotent-producer",
    lesson: 4,
    title: "Idempotent producer against duplicates on retry",
    detect: {
      as: "statement",
      all: [[/idempoten/], [/producer/], [/duplicat|retr(?:y|ies)|twice|sequence/]],
      wrong: [
        {
          pattern:
            /\bidempoten\w{0,10}\s{0,3}[=:]\s{0,3}["'`]?(?:false|off|no)\b|\b(?:disabl\w{0,4}|turn\w{0,3} off|switch\w{0,3} off)\s(?:the\s)?(?:producer'?s?\s)?idempoten|\bidempoten\w{0,10}\s(?:off|disabled)\b/,
          why: "without idempotence a retry after a lost acknowledgement writes the record twice; keep the producer idempotent",
        },
      ],
    },
    fix: `Say that the producer is idempotent, so a retry after a lost acknowledgement is not written twice (the broker recognises the producer id and sequence number); it covers one producer session, so consumers still deduplicate (${IDEMPOTENT}).`,
    example:
      "Enable the idempotent producer so a retry after a lost acknowledgement is not written twice; it only covers one producer session, so consumers still deduplicate on the event id.",
  },
  {
    id: "producer-error-handling",
    lesson: 4,
    title: "Bounded retries, classified errors",
    detect: {
      as: "statement",
      all: [
        [/retriable|retryable|transient/],
        [/fatal|non.?retriable|not retriable|permanent|cannot succeed|won't succeed/],
      ],
      wrong: [
        {
          pattern:
            /\bfire[- ]and[- ]forget\b|\bdon'?t (?:bother to )?await\b|\bno need to await\b|\bignore (?:send |producer )?errors\b/,
          why: "a send nobody awaits loses its error: the caller believes an event was stored that never was",
        },
        {
          pattern:
            /\bretr(?:y|ies)\b[^.;]{0,40}?\b(?:forever|indefinitely|endlessly|infinitely)\b|\binfinite retries\b/,
          why: "retries must be bounded (a delivery timeout the caller can wait for), and a fatal error never succeeds on retry",
        },
      ],
    },
    fix: `Say that retries are bounded (a total delivery time the caller can wait for) and that send errors are classified as retriable or fatal and surfaced to the caller, never fired and forgotten (${ERRORS}).`,
    example:
      "Bound the producer's retries, classify send errors as retriable (timeouts, leader changes) or fatal (record too large, not authorised), and surface both to the caller instead of firing and forgetting.",
  },
  {
    id: "batching-tradeoff",
    lesson: 4,
    title: "Batching, linger and compression trade latency for throughput",
    detect: {
      as: "statement",
      all: [[/linger|batch/], [/latenc/], [/throughput|compress/]],
    },
    fix: `Say that larger batches (linger, batch size) and compression raise throughput at the cost of latency, and when each side wins (${BATCHING}).`,
    example:
      "Linger and batch size trade latency for throughput: keep them small on interactive paths, raise them and turn on lz4 or zstd compression for bulk flows such as embedding backfills.",
  },
];
