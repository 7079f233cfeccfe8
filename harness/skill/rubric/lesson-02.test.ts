import { detectionCases } from "./detection-cases.js";
import { items } from "./lesson-02.js";

detectionCases(items, {
  found: [
    [
      "keys-ordering",
      "- Use the conversation id as the message key, because ordering is only kept inside one partition.",
    ],
    ["keys-ordering", "Events that share a key are written to the same partition and so are read in sequence."],
    [
      "partitions-parallelism",
      "- No more than one consumer per partition in a group: the partition count is the ceiling on parallelism.",
    ],
    ["partitions-parallelism", "Running more instances than partitions leaves the extra consumers idle."],
    ["consumer-groups", "- Each consumer group gets its own copy of every event and tracks its own offsets."],
    ["consumer-groups", "Members of one group divide the partitions among themselves."],
  ],
  missing: [
    ["keys-ordering", "- Keys are optional."],
    ["keys-ordering", "- Does ordering per key and partition matter to you?"],
    ["partitions-parallelism", "- Partitions are stored on brokers and consumers read them."],
    ["consumer-groups", "- Every consumer has a group id."],
  ],
});
