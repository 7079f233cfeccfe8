import { detectionCases } from "./detection-cases.js";
import { items } from "./lesson-05.js";

detectionCases(items, {
  found: [
    ["commit-after-processing", "- Commit offsets only after the handler has finished processing the event."],
    ["commit-after-processing", "Never commit the offset before processing: a crash would lose the event."],
    ["commit-after-processing", "Store the consumer position only once the event is done (at-least-once)."],
    ["consumer-lag", "- Consumer lag = log-end offset minus committed offset, per partition; alert when it grows."],
    ["consumer-lag", "Watch lag: the gap between the high watermark and the group's committed offset."],
    [
      "slow-processing",
      "- Slow handlers (seconds per event) must heartbeat between events, or the session timeout drops them.",
    ],
    ["slow-processing", "When processing takes a while, pause the partition so the member keeps its group membership."],
    [
      "slow-processing",
      "For long model calls, hand the work off to a separate topic with a rate-limited worker instead of risking a rebalance.",
    ],
    [
      "consumer-group-protocol",
      "- Rebalance protocol: prefer the KIP-848 consumer protocol with a client that supports it (@platformatic/kafka, the Java client); kafkajs ignores group.protocol.",
    ],
    [
      "consumer-group-protocol",
      "With kafkajs the group uses the classic protocol, so use static membership (group.instance.id) and a generous max.poll.interval to avoid rebalance storms.",
    ],
  ],
  missing: [
    ["consumer-group-protocol", "- Set group.protocol=consumer."],
    [
      "consumer-group-protocol",
      "- kafkajs supports the KIP-848 consumer protocol, so set group.protocol=consumer and static membership.",
    ],
    ["consumer-group-protocol", "- Which rebalance protocol does your client support: classic or KIP-848?"],
    ["commit-after-processing", "- Kafka stores committed offsets in __consumer_offsets."],
    ["commit-after-processing", "- Reset the committed offsets to replay history."],
    ["consumer-lag", "- Monitor consumer lag."],
    ["slow-processing", "- Increase the session timeout."],
    ["slow-processing", "- Rebalances happen when members join or leave."],
  ],
});
