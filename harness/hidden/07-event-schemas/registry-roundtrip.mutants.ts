import type { Mutant } from "../../runner/mutants.js";

export const mutants: readonly Mutant[] = [
  {
    name: "swallowed rejection",
    mistake: "catching the registry's rejection and carrying on with the latest id",
    file: "registry-roundtrip.ts",
    edits: [
      [
        "throw new SchemaRejectedError(subject, `incompatible under BACKWARD compatibility: ${(e as Error).message}`);",
        "return registry.getLatestSchemaId(subject);",
      ],
    ],
    expectMessage: /rejection was swallowed/,
  },
  {
    name: "json instead of the wire format",
    mistake: "sending JSON instead of the registry's wire format",
    file: "registry-roundtrip.ts",
    edits: [["const value = await registry.encode(schemaId, event);", "const value = JSON.stringify(event);"]],
    expectMessage: /not the registry wire format/,
  },
  {
    name: "producer left connected",
    mistake: "a publishTaskEvent that connects a producer per call and never disconnects it",
    file: "registry-roundtrip.ts",
    edits: [
      [
        "  try {\n    await producer.send({ topic, messages: [{ key: event.taskId, value }] });\n  } finally {\n    await producer.disconnect();\n  }",
        "  await producer.send({ topic, messages: [{ key: event.taskId, value }] });",
      ],
    ],
    expectMessage: /1 producer\(s\) still connected/,
  },
  {
    name: "reader stays in its group",
    mistake: "a readTaskEvents that returns without disconnecting its consumer",
    file: "registry-roundtrip.ts",
    edits: [
      [
        "  } finally {\n    await consumer.disconnect();\n  }\n  return events;",
        "  } finally {\n    void consumer;\n  }\n  return events;",
      ],
    ],
    expectMessage: /still lists 1 member/,
  },
];
