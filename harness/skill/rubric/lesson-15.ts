import type { RubricItem } from "./types.js";

/** Lesson 15: what the skill must say after building the task event system from a spec. */
const SPEC = "lesson 15, section “The spec”";
const RATE = "lesson 15, section “Rate limits with token buckets”";
const TEST = "lesson 15, section “What the hidden checks do”";

export const items: readonly RubricItem[] = [
  {
    id: "spec-acceptance-criteria",
    lesson: 15,
    title: "A spec with numbered acceptance criteria",
    detect: {
      as: "statement",
      all: [
        [/acceptance criteria|requirements?|spec\b|specification/],
        [/number|testable|each (?:one|criterion|requirement)|checkable|measurable/],
        [/deliver|order|key|rate|dead.letter|lag|guarantee|duplicat/],
      ],
    },
    fix: `Tell the assistant to write (or ask for) the spec first: numbered, testable acceptance criteria for delivery guarantee, ordering key, duplicates, rate limits, dead letters and lag, before any code (${SPEC}).`,
    example:
      "Before writing code for an event system, draft the spec as numbered, testable acceptance criteria: delivery guarantee, ordering key, duplicates, rate limits, dead-letter handling, lag.",
  },
  {
    id: "rate-limit-token-bucket",
    lesson: 15,
    title: "Rate limits with a token bucket per provider",
    detect: {
      as: "statement",
      all: [
        [/token bucket|rate.limit/],
        [/per (?:channel|provider)|each (?:channel|provider)|every (?:channel|provider)/],
      ],
    },
    fix: `Say how a consumer calling external providers respects their limits: a token bucket per channel or provider, a token taken before every call (retries included), capacity small enough that no window exceeds the limit (${RATE}).`,
    example:
      "When a consumer calls rate-limited providers, keep a token bucket per channel and take a token before every call, retries included, so no one-second window exceeds the limit.",
  },
  {
    id: "failure-injection-tests",
    lesson: 15,
    title: "End-to-end tests with injected failures",
    detect: {
      as: "statement",
      all: [
        [/test|check|verif/],
        [/inject|failing|failure|malformed|poison|restart|crash|kill/],
        [
          /real broker|end.to.end|against (?:a |the )?(?:real )?(?:kafka|broker)|nothing (?:is )?lost|lag (?:returns|back|goes) to zero/,
        ],
      ],
    },
    fix: `Ask for end-to-end tests against a real broker with injected failures (failing sends, a malformed event, a restart mid-stream) that assert nothing lost, order per key, limits held, dead letters with context and lag back to zero (${TEST}).`,
    example:
      "Test the system end to end against a real broker with injected failures (failing sends, a poison event, a restart mid-stream): nothing lost, order per key kept, lag back to zero.",
  },
];
