import type { RubricItem } from "./types.js";

/** Lesson 6: what the skill must say about Kafka clients inside a web service. */
const PRODUCER = "lesson 6, section “One producer per process”";
const ACK = "lesson 6, section “202 Accepted, after the acknowledgement”";
const HEALTH = "lesson 6, section “Health that reflects the broker”";
const SHUTDOWN = "lesson 6, section “Graceful shutdown”";

export const items: readonly RubricItem[] = [
  {
    id: "producer-per-process",
    lesson: 6,
    title: "One producer per process",
    detect: {
      as: "statement",
      all: [
        [/\bproducer/],
        [
          /(?:one|one shared|a single|single|shared|same) (?:kafka )?producer (?:per|for the (?:whole )?|for each )(?:process|service|app|instance)/,
          /(?:share|reuse)[sd]? (?:\w+ ){0,4}(?:across|between|for all|by all|for every) (?:\w+ ){0,2}requests/,
          /not (?:a|one) (?:new )?producer per request|never (?:create|make|connect) (?:a )?(?:new )?producer (?:per|for each|in every|on every) request/,
        ],
      ],
    },
    fix: `Say that a service creates and connects one producer per process at start-up, shares it across requests, and disconnects it on shutdown, never a producer per request (${PRODUCER}).`,
    example:
      "Create one producer per process when the service starts, share it across all requests, and disconnect it on shutdown; a producer per request pays a connection every time and leaks sockets.",
  },
  {
    id: "accept-after-ack",
    lesson: 6,
    title: "202 only after the acknowledgement",
    detect: {
      as: "statement",
      all: [
        [/\b202\b|accepted|respond|answer|repl(?:y|ies)|return (?:the )?(?:http )?(?:response|status)/],
        [/acknowledg|\back\b|acks|delivery (?:report|callback|confirm)|confirmed|await(?:s|ing)? (?:the )?send/],
        [/after|until|only once|only when|before|fire.and.forget|wait/],
      ],
    },
    fix: `Say that an HTTP endpoint answers 202 Accepted only after the broker acknowledged the event (await the send), and answers 5xx when the send fails; never fire and forget (${ACK}).`,
    example:
      "Answer 202 Accepted only after the broker acknowledged the event (await the send with acks all); if the send fails answer 503 so the client retries, never fire and forget.",
  },
  {
    id: "health-reflects-broker",
    lesson: 6,
    title: "Health reflects the broker",
    detect: {
      as: "statement",
      all: [
        [/health|readiness|ready(?:ness)? (?:probe|check|route|endpoint)/],
        [/broker|kafka|cluster/],
        [/\b503\b|unhealthy|not ready|fail|down|unreachable|connectivity|reachab|describecluster|metadata/],
      ],
    },
    fix: `Say that the service's health (readiness) route asks the broker something cheap with a timeout and answers 503 when the broker is unreachable (${HEALTH}).`,
    example:
      "The readiness route asks the broker for cluster metadata with a short timeout and answers 503 when Kafka is unreachable; liveness does not depend on Kafka.",
  },
  {
    id: "graceful-shutdown",
    lesson: 6,
    title: "Graceful shutdown",
    detect: {
      as: "statement",
      all: [
        [/sigterm|shut ?down|shutting down|stops?(?:ping)? the service|on close|graceful/],
        [/disconnect|close (?:the )?(?:kafka )?(?:producer|consumer|clients?)|leave[s]? the group/],
        [/in.flight|finish|drain|commit|flush|then|before|last/],
      ],
    },
    fix: `Say how the service shuts down on SIGTERM: stop taking requests, finish those in flight, disconnect the consumer (it commits and leaves its group), then the producer, within the grace period (${SHUTDOWN}).`,
    example:
      "On SIGTERM stop taking requests, let the ones in flight finish, disconnect the consumer so it commits and leaves its group, then disconnect the producer.",
  },
];
