import type { RubricItem } from "./types.js";

/** Lesson 1: what the skill must say about events versus calls. */
const SEE = "lesson 1, section “Skill reflection”";

export const items: readonly RubricItem[] = [
  {
    id: "events-vs-calls",
    lesson: 1,
    title: "When to publish an event and when to stay synchronous",
    detect: {
      as: "statement",
      all: [
        [/synchron|request[- /]?(?:reply|response)|direct (?:call|request)|\bhttp\b|\bgrpc\b|\brpc\b/],
        [/\bevents?\b|publish|asynchron/],
        [
          /needs? (?:the |its |a )?(?:result|response|answer|reply)|waits? for (?:the |its |a )?(?:result|response|answer)|depends? on the (?:result|response|answer)/,
        ],
      ],
    },
    fix: `Add a decision rule: publish an event when downstream work is a reaction the caller does not wait for, and keep a synchronous call when the caller needs the result to continue (${SEE}).`,
    example:
      "Stay synchronous (HTTP/gRPC) when the caller needs the result to continue; publish an event when other services only react to something that already happened.",
  },
  {
    id: "coupling-types",
    lesson: 1,
    title: "Temporal, availability and behavioural coupling",
    detect: {
      as: "statement",
      all: [[/temporal/], [/availability/], [/behaviou?ral/], [/coupl/]],
    },
    fix: `Name the three couplings chained calls create (temporal: latency adds up; availability: every service must be up; behavioural: the caller knows every consumer) and how an event removes each (${SEE}).`,
    example:
      "Chained calls couple services three ways: temporal (latencies add up), availability (any outage fails the request) and behavioural (the caller must change for every new consumer).",
  },
  {
    id: "event-envelope",
    lesson: 1,
    title: "A standard event envelope",
    detect: {
      as: "statement",
      all: [
        [/event[ _-]?id|unique id|\bid\b/],
        [/correlation/],
        [/\btime\b|timestamp|occurred/],
        [/\bsource\b|producer|emitted by|origin/],
        [/\btype\b|event name/],
      ],
    },
    fix: `Require every event to carry an envelope: a unique event id, a past-tense type, a time, a source, a correlation id propagated from the request, and the data (${SEE}).`,
    example:
      "Every event has an envelope: event id (UUID), type (task.created), time (ISO 8601), source (the emitting service), correlation id (copied from the request) and data.",
  },
  {
    id: "eventual-consistency",
    lesson: 1,
    title: "Designing for eventual consistency",
    detect: {
      as: "statement",
      all: [
        [/eventual(?:ly)? consisten/],
        [/idempot|dedup|duplicate|read (?:your|their|its) own writes|stale|window|delay|lag|pending/],
      ],
    },
    fix: `Say that consumers update their state after the producer answered, so reads can be stale for a while, and that consumers must be idempotent on the event id (${SEE}).`,
    example:
      "Event-driven flows are eventually consistent: read your own writes from the owning service, show pending states, and make consumers idempotent on the event id.",
  },
];
