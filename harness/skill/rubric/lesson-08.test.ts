import { detectionCases } from "./detection-cases.js";
import { items } from "./lesson-08.js";

detectionCases(items, {
  found: [
    [
      "delivery-semantics-choice",
      "- At-most-once may lose events, at-least-once may duplicate them; pick by the cost of each.",
    ],
    ["delivery-semantics-choice", "Choose at-least-once unless a lost event costs nothing (then at-most-once)."],
    ["idempotent-consumer-dedupe", "- Dedupe by event id in a durable database table."],
    ["idempotent-consumer-dedupe", "Consumers are idempotent: an upsert on a natural key in Postgres."],
  ],
  missing: [
    ["delivery-semantics-choice", "- Use at-least-once delivery."],
    ["idempotent-consumer-dedupe", "- Make consumers idempotent."],
    ["idempotent-consumer-dedupe", "- Dedupe by event id in a Set."],
  ],
});
