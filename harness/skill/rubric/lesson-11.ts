import type { RubricItem } from "./types.js";

/** Lesson 11: what the skill must say about event patterns for AI agents. */
const CAUSE = "lesson 11, section “Correlation and causation ids”";
const DEPTH = "lesson 11, section “A depth limit for agent loops”";
const AUDIT = "lesson 11, section “Audit logs: append-only or compacted”";
const COMPENSATION = "lesson 11, section “Compensation”";
const TIMEOUTS = "lesson 11, sections “Timeouts” and “Idempotent steps”";

export const items: readonly RubricItem[] = [
  {
    id: "correlation-causation-ids",
    lesson: 11,
    title: "Correlation and causation ids",
    detect: {
      as: "statement",
      all: [[/correlation/], [/causation|caused (?:it|this|them)|parent event/]],
    },
    fix: `Say that every event copies its cause's correlation id and sets its causation id to the id of the event that caused it, so the causality tree can be rebuilt from the topics (${CAUSE}).`,
    example:
      "Every event copies the correlation id of the event that caused it and sets its causation id to that event's id, so the causality tree of a request can be rebuilt from the topics.",
  },
  {
    id: "agent-depth-limit",
    lesson: 11,
    title: "A depth limit for agent loops",
    detect: {
      as: "statement",
      all: [[/\bdepth\b|hop count|\bhops\b/], [/limit|max|cap\b|circuit.breaker|refuse|stop/]],
    },
    fix: `Say that events carry a depth (the cause's depth + 1) and that new work beyond a maximum depth is refused, so a runaway agent loop stops (${DEPTH}).`,
    example:
      "Events carry a depth, the cause's depth plus one; an agent refuses to emit new work beyond a maximum depth, which stops runaway loops.",
  },
  {
    id: "audit-log-retention",
    lesson: 11,
    title: "Audit logs are append-only",
    detect: {
      as: "statement",
      all: [[/audit/], [/append.only|cleanup\.policy=delete|never compact|not compact|retention/]],
    },
    fix: `Say that audit logs live in append-only topics (cleanup.policy=delete with a long retention) and that compaction, which keeps only the latest record per key, is for current state (${AUDIT}).`,
    example:
      "Audit logs go to append-only topics (cleanup.policy=delete, retention as long as the law requires); compacted topics keep only the latest value per key and suit current state.",
  },
  {
    id: "saga-compensation",
    lesson: 11,
    title: "Sagas compensate in reverse order",
    detect: {
      as: "statement",
      all: [[/saga/], [/compensat/], [/reverse|last.{0,30}first|backwards?/]],
    },
    fix: `Say that a multi-step workflow across services is a saga: when a step fails, the completed steps are compensated in reverse order (${COMPENSATION}).`,
    example:
      "Run multi-step workflows as sagas: when a step fails, compensate the steps that completed, in reverse order, with commands and replies keyed by the saga id.",
  },
  {
    id: "saga-timeouts-idempotence",
    lesson: 11,
    title: "Saga timeouts and idempotent steps",
    detect: {
      as: "statement",
      scope: "section",
      all: [[/saga|orchestrator|participant/], [/time.?outs?|timer|deadline/], [/idempot|dedup|duplicate/]],
    },
    fix: `Say that a saga starts a timer per step and compensates when a participant stays silent, and that participants deduplicate commands while the orchestrator acts only on the reply to the command it waits for (${TIMEOUTS}).`,
    example:
      "A saga orchestrator starts a timeout for every command and compensates when it fires; participants are idempotent, and duplicate or late replies are ignored.",
  },
];
