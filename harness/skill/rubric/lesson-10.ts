import type { RubricItem } from "./types.js";

/** Lesson 10: what the skill must say about dual writes, the outbox and CDC. */
const OUTBOX = "lesson 10, section “The transactional outbox”";
const RELAY = "lesson 10, section “The relay: publish, then mark”";

export const items: readonly RubricItem[] = [
  {
    id: "dual-write-outbox",
    lesson: 10,
    title: "No dual writes: an outbox in the same transaction",
    detect: {
      as: "statement",
      all: [[/outbox/], [/same (?:database )?transaction|one (?:database )?transaction|atomic|dual.write/]],
    },
    fix: `Say that a service which writes its database and publishes an event must not do both directly (a dual write): it writes an outbox row in the same database transaction as the change (${OUTBOX}).`,
    example:
      "Never dual-write (commit the row, then publish): write an outbox row in the same database transaction as the change, and publish from the outbox.",
  },
  {
    id: "outbox-relay-at-least-once",
    lesson: 10,
    title: "The relay: in order, keyed by aggregate, mark after the ack",
    detect: {
      as: "statement",
      all: [
        [/relay|polling publisher|debezium|cdc|change data capture/],
        [/aggregate|in order|order per|\bkey/],
        [/at.least.once|mark(?:ed|s)? (?:\w+ )?(?:as )?sent|after (?:the )?(?:ack|acknowledg)|event id|dedup/],
      ],
    },
    fix: `Describe the relay: publish outbox rows in order, keyed by the aggregate id, wait for the acknowledgement and only then mark them sent — at-least-once with stable event ids — or let Debezium's outbox event router read the table from the WAL (${RELAY}).`,
    example:
      "The relay (or Debezium's outbox event router) publishes outbox rows in order, keyed by aggregate id, and marks them sent only after the acknowledgement: at-least-once, so consumers dedupe by event id.",
  },
];
