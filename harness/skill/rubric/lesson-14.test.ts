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
    [
      "share-groups-task-queue",
      "- Use a share group (KIP-932) for a task queue that needs per-record acknowledgement; set the delivery count limit and lock duration.",
    ],
    [
      "share-groups-task-queue",
      "Share groups allow more consumers than partitions; keep a consumer group where order per key matters.",
    ],
  ],
  missing: [
    ["share-groups-task-queue", "- Use share groups."],
    [
      "share-groups-task-queue",
      "- Share groups keep order per key, so use one for the task queue with more consumers than partitions.",
    ],
    ["share-groups-task-queue", "- Do you need a share group for a task queue, or a consumer group for order per key?"],
    ["latency-rate-limit-questions", "- How many messages per second?"],
    ["latency-rate-limit-questions", "Processing takes 50 ms to 2 s and the API allows 10 calls per second."],
    ["variable-latency-handoff", "- Processing can be slow."],
  ],
});
