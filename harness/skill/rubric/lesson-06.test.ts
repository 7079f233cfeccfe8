import { detectionCases } from "./detection-cases.js";
import { items } from "./lesson-06.js";

detectionCases(items, {
  found: [
    ["producer-per-process", "- Use one producer per process, created at start-up and shared across requests."],
    [
      "producer-per-process",
      "A single producer for the whole service, reused for all requests, never a new one per call.",
    ],
    ["accept-after-ack", "- Answer 202 Accepted only after the broker acknowledged the event."],
    ["accept-after-ack", "Never fire and forget: await the send before you reply, and return 503 when it fails."],
    [
      "health-reflects-broker",
      "- The readiness probe asks the Kafka cluster for metadata and answers 503 when it is down.",
    ],
    [
      "health-reflects-broker",
      "Health checks must reflect broker connectivity: fail readiness when Kafka is unreachable.",
    ],
    ["graceful-shutdown", "- On SIGTERM, finish in-flight requests, then disconnect the consumer and the producer."],
    [
      "graceful-shutdown",
      "Graceful shutdown: the consumer disconnects (commits and leaves the group) before the producer.",
    ],
  ],
  missing: [
    ["producer-per-process", "- Producers send events to topics."],
    ["accept-after-ack", "- Return 202 for POST requests."],
    ["health-reflects-broker", "- Add a health endpoint."],
    ["graceful-shutdown", "- Handle SIGTERM."],
  ],
});
