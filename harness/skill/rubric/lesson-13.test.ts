import { detectionCases } from "./detection-cases.js";
import { items } from "./lesson-13.js";

detectionCases(items, {
  found: [
    [
      "lag-trend-not-snapshot",
      "- Sample lag over time; if the committed offset does not move while lag grows, the group is stuck.",
    ],
    ["lag-trend-not-snapshot", "Watch the lag trend per partition and tell stuck consumers from slow ones."],
    ["under-replicated-alert", "- Alert on under-replicated partitions, where the ISR is shorter than the replicas."],
    ["under-replicated-alert", "Monitor URP: partitions whose in-sync replicas lost a broker."],
    ["rebalance-storm-causes", "- Frequent rebalances usually come from handlers slower than the session timeout."],
    ["rebalance-storm-causes", "A rebalance storm often follows a crash loop or a rolling deploy."],
    ["hot-partition-keys", "- A skewed key creates a hot partition; spread it with a suffix."],
    [
      "dead-letter-with-context",
      "- Retry with exponential backoff, then write to a dead-letter topic with the original topic and offset in headers.",
    ],
    ["dead-letter-with-context", "Use bounded retries, then a DLQ whose headers carry the error and attempts."],
  ],
  missing: [
    ["lag-trend-not-snapshot", "- Monitor consumer lag."],
    ["lag-trend-not-snapshot", "- Lag that grows over time is bad."],
    ["under-replicated-alert", "- Use replication factor 3."],
    ["rebalance-storm-causes", "- Rebalances reassign partitions."],
    ["hot-partition-keys", "- Choose keys carefully."],
    ["dead-letter-with-context", "- Send failed records to a dead-letter topic."],
    ["dead-letter-with-context", "- Retry failed records with backoff."],
  ],
});
