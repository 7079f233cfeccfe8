import { detectionCases } from "./detection-cases.js";
import { items } from "./lesson-14.js";

detectionCases(items, {
  found: [
    ["latency-rate-limit-questions", "- How long does processing a message take, and what rate limits apply?"],
    [
      "latency-rate-limit-questions",
      "- What latency per message do you expect, and do third-party APIs cap calls per second?",
    ],
    [
      "variable-latency-handoff",
      "- Slow processing: heartbeat between messages to avoid rebalances, and hand off through a topic.",
    ],
    [
      "variable-latency-handoff",
      "With variable latency, pause partitions and respect the rate limit with a token bucket.",
    ],
  ],
  missing: [
    ["latency-rate-limit-questions", "- How many messages per second?"],
    ["latency-rate-limit-questions", "Processing takes 50 ms to 2 s and the API allows 10 calls per second."],
    ["variable-latency-handoff", "- Processing can be slow."],
  ],
});
