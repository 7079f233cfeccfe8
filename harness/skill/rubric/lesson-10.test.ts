import { detectionCases } from "./detection-cases.js";
import { items } from "./lesson-10.js";

detectionCases(items, {
  found: [
    ["dual-write-outbox", "- Write the event to an outbox table in the same transaction as the business row."],
    ["dual-write-outbox", "Avoid dual writes: use the transactional outbox."],
    [
      "outbox-relay-at-least-once",
      "- The relay publishes outbox rows in order, keyed by aggregate id, and marks them sent after the ack.",
    ],
    ["outbox-relay-at-least-once", "Use Debezium CDC with the outbox router; it is at-least-once per aggregate key."],
  ],
  missing: [
    ["dual-write-outbox", "- Use an outbox."],
    ["dual-write-outbox", "- Write to the database, then publish."],
    ["outbox-relay-at-least-once", "- Run a relay."],
  ],
});
