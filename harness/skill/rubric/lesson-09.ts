import type { RubricItem } from "./types.js";

/** Lesson 9: what the skill must say about transactions and exactly-once processing. */
const LOOP = "lesson 9, section “Consume, process, produce in one transaction”";
const FENCE = "lesson 9, section “Transactional ids, epochs and zombie fencing”";
const READ = "lesson 9, section “read_committed downstream”";

export const items: readonly RubricItem[] = [
  {
    id: "eos-offsets-in-transaction",
    lesson: 9,
    title: "Offsets inside the transaction",
    detect: {
      as: "statement",
      all: [[/transaction/], [/\boffsets?\b/], [/inside|within|as part of|in the same|together with|atomic/]],
    },
    fix: `Give the exactly-once recipe: a transactional producer, a consumer that never commits by itself (auto-commit off), and the consumer group's offsets sent inside the same transaction as the outputs (${LOOP}).`,
    example:
      "For consume-process-produce, turn auto-commit off and send the input offsets inside the same transaction as the outputs, so both commit or abort together.",
  },
  {
    id: "transactional-id-fencing",
    lesson: 9,
    title: "Stable transactional ids fence zombies",
    detect: {
      as: "statement",
      all: [[/transactional id/], [/fenc|zombie|epoch/], [/stable|same|reuse|not random|never random/]],
    },
    fix: `Say that the transactional id must stay the same across restarts: a new producer with the same id bumps the epoch and fences the old (zombie) one (${FENCE}).`,
    example:
      "Keep the transactional id stable across restarts (no random suffix): the new instance bumps the epoch and fences the zombie, whose later commits are refused.",
  },
  {
    id: "read-committed-downstream",
    lesson: 9,
    title: "read_committed downstream",
    detect: {
      as: "statement",
      all: [[/read.committed/], [/consumer|reader|downstream/]],
    },
    fix: `Say that every consumer of transactional topics uses read_committed isolation, or it sees aborted records (${READ}).`,
    example:
      "Every consumer downstream of a transactional producer reads with read_committed isolation; keep transactions short, because open ones hold those readers back.",
  },
  {
    id: "eos-limits",
    lesson: 9,
    title: "What exactly-once does not cover",
    detect: {
      as: "statement",
      all: [
        [/exactly.once/],
        [/side.effects?|external|outside (?:of )?kafka|database|e-?mail|api call/],
        [/idempot|outbox|not cover|doesn't cover|does not cover|only covers?|only (?:within|inside)/],
      ],
    },
    fix: `Say that exactly-once covers Kafka-to-Kafka processing only; side effects outside Kafka (databases, e-mails, model calls) repeat on abort and need idempotence or an outbox (${READ}).`,
    example:
      "Exactly-once only covers reading from and writing to Kafka; external side effects (a database write, an e-mail, a model call) can repeat, so make them idempotent or use an outbox.",
  },
];
