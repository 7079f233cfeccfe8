import { detectionCases } from "./detection-cases.js";
import { items } from "./lesson-09.js";

detectionCases(items, {
  found: [
    [
      "eos-offsets-in-transaction",
      "- Commit the consumed offsets as part of the producer's transaction, never with auto-commit.",
    ],
    ["eos-offsets-in-transaction", "Outputs and input offsets go into the same transaction, so they are atomic."],
    ["transactional-id-fencing", "- Reuse the same transactional id after a restart so the old instance is fenced."],
    ["transactional-id-fencing", "A stable transactional id lets the new epoch fence a zombie producer."],
    ["read-committed-downstream", "- Downstream consumers must read with read_committed isolation."],
    ["eos-limits", "- Exactly-once does not cover side effects outside Kafka such as e-mails; make those idempotent."],
  ],
  missing: [
    ["eos-offsets-in-transaction", "- Use transactions."],
    ["transactional-id-fencing", "- Set a transactional id."],
    ["read-committed-downstream", "- Consumers read events."],
    ["eos-limits", "- Exactly-once is the strongest guarantee."],
    ["transactional-id-fencing", "- Is the transactional id stable, so zombies are fenced?"],
  ],
});
