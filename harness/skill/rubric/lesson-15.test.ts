import { detectionCases } from "./detection-cases.js";
import { items } from "./lesson-15.js";

detectionCases(items, {
  found: [
    [
      "spec-acceptance-criteria",
      "- Start from a spec: numbered acceptance criteria for the delivery guarantee, the key and the lag.",
    ],
    ["spec-acceptance-criteria", "Write each requirement so it is testable: ordering per key, no duplicates."],
    ["rate-limit-token-bucket", "- Use a token bucket per channel (email, SMS) in the notification consumer."],
    ["rate-limit-token-bucket", "Respect each provider's rate limit by taking a token before every call."],
    [
      "failure-injection-tests",
      "- Test end to end against a real broker with a failing sender and a restart; nothing may be lost.",
    ],
    ["failure-injection-tests", "Verify with a poison message injected that lag returns to zero."],
  ],
  missing: [
    ["spec-acceptance-criteria", "- Write good code."],
    ["spec-acceptance-criteria", "- Read the requirements."],
    ["rate-limit-token-bucket", "- Send notifications quickly."],
    ["rate-limit-token-bucket", "- Add a token bucket."],
    ["failure-injection-tests", "- Write unit tests with a mocked producer."],
    ["failure-injection-tests", "- Test against a real broker."],
  ],
});
