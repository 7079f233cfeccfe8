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
];
