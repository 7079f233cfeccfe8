import { detectionCases } from "./detection-cases.js";
import { items } from "./lesson-04.js";

detectionCases(items, {
  found: [
    ["producer-acks-all", "- Use acks=all so a record survives a leader failure."],
    ["producer-acks-all", "Set acks to -1: with acks=1 the event is lost if the leader dies."],
    ["idempotent-producer", "- Turn on idempotence in the producer so retries do not create duplicates."],
    ["idempotent-producer", "An idempotent producer never writes a retried batch twice."],
    [
      "producer-error-handling",
      "- Treat retriable errors (timeouts) differently from fatal ones such as a record too large.",
    ],
    [
      "producer-error-handling",
      "Transient send failures are retried a bounded number of times; permanent ones go to the caller.",
    ],
    ["batching-tradeoff", "- A higher linger.ms gives bigger batches and more throughput but adds latency."],
    ["batching-tradeoff", "Batching and compression cost latency."],
  ],
  missing: [
    ["producer-acks-all", "- Configure acks."],
    ["idempotent-producer", "- Make consumers idempotent."],
    ["producer-error-handling", "- Handle errors."],
    ["batching-tradeoff", "- Use batching."],
    ["producer-acks-all", "- Should the producer use acks=all so nothing is lost?"],
  ],
});
