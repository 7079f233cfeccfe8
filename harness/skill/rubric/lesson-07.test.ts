import { detectionCases } from "./detection-cases.js";
import { items } from "./lesson-07.js";

detectionCases(items, {
  found: [
    [
      "schema-registry-avro",
      "- Every topic gets an Avro schema, registered in the schema registry before the first event.",
    ],
    ["schema-registry-avro", "Keep Protobuf schemas in a registry so producers validate what they send."],
    [
      "schema-evolution-defaults",
      "- New fields must have a default (null for optional ones); renaming a field needs an alias.",
    ],
    ["schema-evolution-defaults", "Never remove an enum symbol, and give every added field a default value."],
    ["compatibility-modes", "- Subjects use BACKWARD compatibility; switch to FORWARD only if producers deploy first."],
    ["registry-wire-format", "- The wire format is a magic byte, the schema id (4 bytes) and the Avro payload."],
    ["schema-rejection-loud", "- If the registry rejects a schema, fail the build and show the reason."],
    ["schema-rejection-loud", "A 409 from the registry must surface in the deploy log, never be swallowed."],
  ],
  missing: [
    ["schema-registry-avro", "- Use a schema for events."],
    ["schema-evolution-defaults", "- Add fields when you need them."],
    ["compatibility-modes", "- Check compatibility before you deploy."],
    ["registry-wire-format", "- Each record carries the schema id."],
    ["schema-rejection-loud", "- The registry may reject schemas."],
    ["schema-evolution-defaults", "- Should new fields have defaults when you rename an enum?"],
  ],
});
