import type { RubricItem } from "./types.js";

/** Lesson 8: what the skill must say about delivery guarantees and idempotent consumers. */
const CHOOSE = "lesson 8, section “Choosing a guarantee”";
const IDEMPOTENT = "lesson 8, section “Idempotent consumers”";

export const items: readonly RubricItem[] = [
  {
    id: "delivery-semantics-choice",
    lesson: 8,
    title: "Choose the delivery guarantee",
    detect: {
      as: "statement",
      all: [[/at.most.once/], [/at.least.once/], [/lost|loses?|duplicat|repeat|cost/]],
    },
    fix: `Name the three guarantees and how to choose: at-most-once (commit before processing; may lose), at-least-once (commit after, acks=all; may repeat), exactly-once (transactions, Kafka-only); ask what a lost and a repeated event would do (${CHOOSE}).`,
    example:
      "Choose the guarantee from what a lost or repeated event would do: at-most-once loses events on a crash, at-least-once repeats them, exactly-once (transactions) covers Kafka-to-Kafka only.",
  },
  {
    id: "idempotent-consumer-dedupe",
    lesson: 8,
    title: "Idempotent consumers dedupe by event id, durably",
    detect: {
      as: "statement",
      all: [
        [/dedup|idempot|already (?:handled|processed|sent)/],
        [/event.?id|idempotency key|natural key|upsert/],
        [/durable|database|table|sqlite|postgres|persist|not (?:an )?in.memory|store/],
      ],
    },
    fix: `Say that at-least-once consumers with side effects are made idempotent: dedupe by the event's id in a durable store (not an in-memory set, not by offset), an upsert on a natural key, or the provider's idempotency key (${IDEMPOTENT}).`,
    example:
      "Make consumers idempotent: dedupe by event id in a durable store (a database table, never an in-memory set or the offset), or upsert on a natural key.",
  },
];
