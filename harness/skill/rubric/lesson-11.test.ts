import { detectionCases } from "./detection-cases.js";
import { items } from "./lesson-11.js";

detectionCases(items, {
  found: [
    [
      "correlation-causation-ids",
      "- Copy the correlation id into every event and set the causation id to the id of the event that caused it.",
    ],
    ["correlation-causation-ids", "Events carry a correlation id and a causation id, so the tree can be rebuilt."],
    ["agent-depth-limit", "- Agents stop spawning work beyond a maximum depth (cause's depth + 1)."],
    ["agent-depth-limit", "Put a hop count in the envelope and refuse new tasks past the limit."],
    ["audit-log-retention", "- Audit logs use append-only topics; never compact them."],
    ["audit-log-retention", "Keep the audit topic on cleanup.policy=delete with a long retention."],
    ["saga-compensation", "- When a saga step fails, compensate the completed steps in reverse order."],
    ["saga-compensation", "A saga undoes its work by compensating the last completed step first."],
    [
      "saga-timeouts-idempotence",
      "- The saga orchestrator sets a timeout per step and ignores duplicate replies; participants are idempotent.",
    ],
  ],
  missing: [
    ["correlation-causation-ids", "- Every event carries a correlation id."],
    ["agent-depth-limit", "- Agents can call other agents."],
    ["audit-log-retention", "- Keep an audit log."],
    ["audit-log-retention", "- Compacted topics keep the latest value per key."],
    ["saga-compensation", "- Use a saga with compensations."],
    ["saga-timeouts-idempotence", "- Sagas have timeouts."],
    ["saga-timeouts-idempotence", "- Make consumers idempotent."],
  ],
});
