import { expect, test } from "vitest";
import { toBlocks } from "../blocks.js";
import { contextRange, detectItem } from "../detect.js";
import { items } from "./lesson-07.js";

const find = (id: string, text: string) => {
  const item = items.find((i) => i.id === id);
  if (!item) throw new Error(id);
  const blocks = toBlocks(`## Recommendations\n\n${text}\n`, 1);
  return detectItem(blocks, contextRange(blocks).range, item).status;
};

test.each([
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
])("%s is recognised in: %s", (id, text) => {
  expect(find(id, text)).toBe("found");
});

test.each([
  ["schema-registry-avro", "- Use a schema for events."],
  ["schema-evolution-defaults", "- Add fields when you need them."],
  ["compatibility-modes", "- Check compatibility before you deploy."],
  ["registry-wire-format", "- Each record carries the schema id."],
  ["schema-rejection-loud", "- The registry may reject schemas."],
  ["schema-evolution-defaults", "- Should new fields have defaults when you rename an enum?"],
])("%s is not satisfied by: %s", (id, text) => {
  expect(find(id, text)).toBe("missing");
});
