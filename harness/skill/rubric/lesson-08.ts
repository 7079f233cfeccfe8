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
      wrong: [
        {
          pattern:
            /\bexactly[- ]once\b[^.;]{0,30}?\b(?:everywhere|for (?:everything|every|all)|always|by default|the default)\b|\b(?:always|everywhere)\W{1,3}(?:use\W{1,3})?exactly[- ]once\b|\b(?:transactions|exactly[- ]once)\b(?:\W{1,3}(?!not\b|never\b|only\b|does\b|doesn'?t\b)\w+){0,3}?\W{1,3}(?:also )?(?:cover|covers|include|includes|protect|protects)\W{1,3}(?:\w+\W{1,3}){0,2}?(?:database|db|e-?mails?|apis?|external|side[- ]effects?|http)/,
          why: "exactly-once holds only where the sink is Kafka (or a store written in the same transaction); database writes, e-mails and API calls repeat on abort",
        },
      ],
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
      wrong: [
        {
          pattern:
            /\bin[- ]memory\b|\bprocess memory\b|\b(?:a|an|the)\s(?:js\s|javascript\s|local\s|plain\s|simple\s)?(?:set|map|hash ?set|hash ?map|cache)\b(?!\s(?:up|to)\b)/,
          why: "an in-memory store forgets every id on restart, exactly when redeliveries come; keep processed ids in a durable store",
        },
        {
          pattern:
            /\b(?:dedup\w{0,6}|keyed|key|track\w{0,3})\s(?:\w+\s){0,2}?(?:by|on)\s(?:the\s)?(?:kafka\s|last\s|processed\s)?offsets?\b|\boffsets?\sas\s(?:the\s)?(?:dedup\w{0,6}\s)?key\b/,
          why: "an offset is not the event's identity: a producer retry or a replay writes the same event at a new offset; dedupe by the event id",
        },
      ],
    },
    fix: `Say that at-least-once consumers with side effects are made idempotent: dedupe by the event's id in a durable store (not an in-memory set, not by offset), an upsert on a natural key, or the provider's idempotency key (${IDEMPOTENT}).`,
    example:
      "Make consumers idempotent: dedupe by event id in a durable store (a database table, never an in-memory set or the offset), or upsert on a natural key.",
  },
];
